package dev.trellis.examples.pipelines;

/** Small test images, as JSON request bodies would carry them. */
final class Images {
    /** Rows alternate black and white. */
    static final int[][] HORIZONTAL_STRIPES = {
            {0, 0, 0, 0}, {255, 255, 255, 255}, {0, 0, 0, 0}, {255, 255, 255, 255}};
    /** Columns alternate black and white. */
    static final int[][] VERTICAL_STRIPES = {
            {0, 255, 0, 255}, {0, 255, 0, 255}, {0, 255, 0, 255}, {0, 255, 0, 255}};
    /** Changes as much across as down: neither kind of stripes wins. */
    static final int[][] CHECKERBOARD = {
            {0, 255, 0, 255}, {255, 0, 255, 0}, {0, 255, 0, 255}, {255, 0, 255, 0}};
    /** One gray level everywhere. */
    static final int[][] GRAY = {{128, 128, 128}, {128, 128, 128}, {128, 128, 128}};

    private Images() {
    }
}
