package dev.trellis.data.internal.io;

import dev.trellis.data.Batch;
import dev.trellis.data.ColumnType;
import dev.trellis.data.Field;
import dev.trellis.data.Schema;
import dev.trellis.data.internal.ColumnBuilder;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Image and binary files as batches (Ray's {@code read_images} and {@code read_binary_files}).
 * An image is decoded (PNG, JPEG, what {@code javax.imageio} reads), converted to {@code mode}
 * ({@code L}: one gray channel, {@code RGB}: three) and, when a size is given, scaled to it;
 * column {@code image} holds its pixels as bytes, row by row, channels innermost (height x width
 * x channels, unsigned), and {@code height}, {@code width}, {@code channels} its shape.
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** The schema of {@link #readImages}. */
    public static Schema imageSchema(boolean includePaths) {
        var fields = new ArrayList<Field>(List.of(new Field("image", ColumnType.BINARY),
                new Field("height", ColumnType.LONG), new Field("width", ColumnType.LONG),
                new Field("channels", ColumnType.LONG)));
        if (includePaths) {
            fields.add(new Field("path", ColumnType.STRING));
        }
        return new Schema(fields);
    }

    /** Checks a mode: {@code L} or {@code RGB}. */
    public static String mode(String mode) {
        String m = mode == null ? "RGB" : mode.toUpperCase(Locale.ROOT);
        if (!m.equals("L") && !m.equals("RGB")) {
            throw new IllegalArgumentException("image mode must be L (gray) or RGB, was '" + mode + "'");
        }
        return m;
    }

    /** The images at {@code files} as one batch; {@code width}/{@code height} 0 keep each image's size. */
    public static Batch readImages(List<String> files, int width, int height, String mode, boolean includePaths) {
        String m = mode(mode);
        int channels = m.equals("L") ? 1 : 3;
        Schema schema = imageSchema(includePaths);
        var image = new ColumnBuilder("image", ColumnType.BINARY, files.size());
        var h = new ColumnBuilder("height", ColumnType.LONG, files.size());
        var w = new ColumnBuilder("width", ColumnType.LONG, files.size());
        var c = new ColumnBuilder("channels", ColumnType.LONG, files.size());
        var paths = new ColumnBuilder("path", ColumnType.STRING, files.size());
        for (String file : files) {
            BufferedImage decoded = decode(file);
            int tw = width > 0 ? width : decoded.getWidth();
            int th = height > 0 ? height : decoded.getHeight();
            BufferedImage target = new BufferedImage(tw, th, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY
                    : BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = target.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(decoded, 0, 0, tw, th, null);
            } finally {
                g.dispose();
            }
            image.add(pixels(target, channels));
            h.addLong(th);
            w.addLong(tw);
            c.addLong(channels);
            paths.add(file);
        }
        var cols = new ArrayList<>(List.of(image.build(), h.build(), w.build(), c.build()));
        if (includePaths) {
            cols.add(paths.build());
        }
        return Batch.ofColumns(schema, files.size(), cols);
    }

    private static BufferedImage decode(String file) {
        try {
            BufferedImage img = ImageIO.read(Path.of(file).toFile());
            if (img == null) {
                throw new IllegalArgumentException("file " + file + " is not an image this JVM can decode (PNG, JPEG,"
                        + " BMP, GIF)");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file + ": " + e.getMessage(), e);
        }
    }

    /** Height x width x channels bytes, RGB order for three channels. */
    private static byte[] pixels(BufferedImage img, int channels) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * channels];
        if (channels == 1) {
            img.getRaster().getDataElements(0, 0, w, h, out);
            return out;
        }
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                out[i++] = (byte) (rgb >> 16);
                out[i++] = (byte) (rgb >> 8);
                out[i++] = (byte) rgb;
            }
        }
        return out;
    }

    /** The schema of {@link #readBinaryFiles}. */
    public static Schema binarySchema(boolean includePaths) {
        return includePaths ? Schema.of("bytes", ColumnType.BINARY, "path", ColumnType.STRING)
                : Schema.of("bytes", ColumnType.BINARY);
    }

    /** Each file's whole content in column {@code bytes}. */
    public static Batch readBinaryFiles(List<String> files, boolean includePaths) {
        var bytes = new ColumnBuilder("bytes", ColumnType.BINARY, files.size());
        var paths = new ColumnBuilder("path", ColumnType.STRING, files.size());
        for (String f : files) {
            try {
                bytes.add(Files.readAllBytes(Path.of(f)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read file " + f + ": " + e.getMessage(), e);
            }
            paths.add(f);
        }
        return Batch.ofColumns(binarySchema(includePaths), files.size(), includePaths
                ? List.of(bytes.build(), paths.build()) : List.of(bytes.build()));
    }
}
