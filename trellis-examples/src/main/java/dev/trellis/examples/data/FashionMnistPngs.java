package dev.trellis.examples.data;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * Writes Fashion-MNIST test images as PNG files, {@code OUT/<label>/<index>.png} (the label in the
 * path, as the seed's MNIST folders), from Debian's {@code dataset-fashion-mnist} package
 * ({@code /usr/share/datasets/fashion-mnist}, IDX files, gzip):
 * {@code ./trellis run dev.trellis.examples.data.FashionMnistPngs OUT [COUNT]}.
 */
public final class FashionMnistPngs {
    /** Where Debian's package puts the files. */
    public static final Path DEBIAN_DATASET = Path.of("/usr/share/datasets/fashion-mnist");

    private FashionMnistPngs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: FashionMnistPngs OUTPUT_DIR [COUNT]   (from " + DEBIAN_DATASET + ")");
            System.exit(2);
        }
        int count = args.length == 2 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        int written = writeTestSet(DEBIAN_DATASET, Path.of(args[0]), count);
        System.out.println("wrote " + written + " images under " + args[0]);
    }

    /** Writes the first {@code count} test images of the IDX files in {@code dataset} under {@code out}. */
    public static int writeTestSet(Path dataset, Path out, int count) throws IOException {
        Path images = dataset.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = dataset.resolve("t10k-labels-idx1-ubyte.gz");
        if (!Files.exists(images) || !Files.exists(labels)) {
            throw new IOException("no Fashion-MNIST test set in " + dataset + " (install Debian's dataset-fashion-mnist:"
                    + " apt-get install dataset-fashion-mnist)");
        }
        try (var img = new DataInputStream(gunzip(images)); var lab = new DataInputStream(gunzip(labels))) {
            if (img.readInt() != 2051 || lab.readInt() != 2049) {
                throw new IOException("not IDX image and label files: " + images + ", " + labels);
            }
            int n = img.readInt();
            int rows = img.readInt();
            int cols = img.readInt();
            if (lab.readInt() != n) {
                throw new IOException("the image and label files hold different counts");
            }
            int total = Math.min(n, count);
            byte[] pixels = new byte[rows * cols];
            for (int i = 0; i < total; i++) {
                img.readFully(pixels);
                write(out, i, lab.readUnsignedByte(), pixels, cols, rows);
            }
            return total;
        }
    }

    private static InputStream gunzip(Path file) throws IOException {
        return new GZIPInputStream(Files.newInputStream(file), 1 << 16);
    }

    /** Writes one gray image, {@code out/<label>/<index>.png}. */
    public static Path write(Path out, int index, int label, byte[] pixels, int width, int height) throws IOException {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, width, height, pixels);
        Path file = out.resolve(Integer.toString(label)).resolve(String.format("%05d.png", index));
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
