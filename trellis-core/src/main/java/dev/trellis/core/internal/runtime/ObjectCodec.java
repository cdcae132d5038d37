package dev.trellis.core.internal.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns stored objects into bytes and back, for spilling to disk and for moving between nodes.
 * Primitive arrays, byte buffers and strings are written as raw bytes (no per-element encoding);
 * anything else as CBOR (Jackson) under its class name, which is only loaded when
 * {@code allowedClass} accepts it, so bytes from the network never pick an arbitrary class.
 * Java serialization is never used.
 *
 * <p>Layout: one kind byte, an 8-byte payload length, then the payload; for CBOR the payload
 * starts with the class name (2-byte length, UTF-8).
 */
final class ObjectCodec {
    static final int HEADER = 9;
    private static final int CHUNK = 1 << 20;

    private static final byte NULL = 0, BYTES = 1, INTS = 2, LONGS = 3, DOUBLES = 4, FLOATS = 5, BUFFER = 6,
            STRING = 7, CBOR = 8;

    private static final ObjectMapper MAPPER = CBORMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .addModule(NestedHandles.module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ObjectCodec() {
    }

    /**
     * How object refs and actor handles nested inside a value are written and read: each stands
     * as a short list of strings in the encoding ({@link NestedHandles}). Without one (null),
     * encoding a value that holds a ref or handle fails with a message naming it, so such a value
     * stays in memory rather than spilling.
     */
    interface Nested {
        /** The strings that stand for {@code ref}. */
        List<String> writeRef(dev.trellis.core.ObjectRef<?> ref);

        /** The strings that stand for {@code handle}. */
        List<String> writeActor(dev.trellis.core.ActorHandle<?> handle);

        /** A ref of this node for what {@link #writeRef} wrote. */
        dev.trellis.core.ObjectRef<?> readRef(List<String> fields);

        /** A handle of this node for what {@link #writeActor} wrote. */
        dev.trellis.core.ActorHandle<?> readActor(List<String> fields);
    }

    /**
     * The {@link Nested} of the encoding or decoding running on this thread. A thread-local, not a
     * Jackson attribute: Jackson keeps the configuration it first builds a type's serializer with,
     * and with it an attribute's value (the refs an encoding holds) for as long as the mapper lives.
     */
    private static final ThreadLocal<Nested> NESTED = new ThreadLocal<>();

    static Nested currentNested() {
        return NESTED.get();
    }

    private interface JacksonCall<T> {
        T call() throws IOException;
    }

    private static <T> T withNested(Nested nested, JacksonCall<T> call) throws IOException {
        Nested outer = NESTED.get();
        NESTED.set(nested);
        try {
            return call.call();
        } finally {
            if (outer == null) {
                NESTED.remove();
            } else {
                NESTED.set(outer);
            }
        }
    }

    /** Writes {@code value} to {@code out}; returns the bytes written. Nested refs and handles are refused. */
    static long write(Object value, WritableByteChannel out) throws IOException {
        return write(value, out, null);
    }

    /** Writes {@code value} to {@code out}, nested refs and handles through {@code nested}; returns the bytes written. */
    static long write(Object value, WritableByteChannel out, Nested nested) throws IOException {
        return switch (value) {
            case null -> writeAll(out, header(NULL, 0));
            case byte[] a -> writeAll(out, header(BYTES, a.length)) + writeAll(out, ByteBuffer.wrap(a));
            case ByteBuffer b -> writeAll(out, header(BUFFER, b.remaining())) + writeAll(out, b.duplicate());
            case int[] a -> writePrimitive(out, INTS, a.length, 4, (buf, from, n) -> buf.asIntBuffer().put(a, from, n));
            case long[] a -> writePrimitive(out, LONGS, a.length, 8, (buf, from, n) -> buf.asLongBuffer().put(a, from, n));
            case double[] a -> writePrimitive(out, DOUBLES, a.length, 8,
                    (buf, from, n) -> buf.asDoubleBuffer().put(a, from, n));
            case float[] a -> writePrimitive(out, FLOATS, a.length, 4,
                    (buf, from, n) -> buf.asFloatBuffer().put(a, from, n));
            case String s -> {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                yield writeAll(out, header(STRING, bytes.length)) + writeAll(out, ByteBuffer.wrap(bytes));
            }
            default -> {
                byte[] name = value.getClass().getName().getBytes(StandardCharsets.UTF_8);
                byte[] body = withNested(nested, () -> MAPPER.writeValueAsBytes(value));
                ByteBuffer head = header(CBOR, 2L + name.length + body.length);
                yield writeAll(out, head) + writeAll(out, ByteBuffer.allocate(2).putShort(0, (short) name.length))
                        + writeAll(out, ByteBuffer.wrap(name)) + writeAll(out, ByteBuffer.wrap(body));
            }
        };
    }

    /** Reads one value written by {@link #write}; {@code allowedClass} vets CBOR class names. */
    static Object read(ReadableByteChannel in, ClassLoader loader, Predicate<String> allowedClass) throws IOException {
        return read(in, loader, allowedClass, null);
    }

    /** Reads one value written by {@link #write}, nested refs and handles through {@code nested}. */
    static Object read(ReadableByteChannel in, ClassLoader loader, Predicate<String> allowedClass, Nested nested)
            throws IOException {
        ByteBuffer head = readFully(in, HEADER);
        byte kind = head.get(0);
        long length = head.getLong(1);
        if (length < 0 || length > Integer.MAX_VALUE - 16L && kind != NULL) {
            throw new IOException("stored object of " + length + " bytes is too large for one array");
        }
        int n = (int) length;
        return switch (kind) {
            case NULL -> null;
            case BYTES -> readFully(in, n).array();
            case BUFFER -> readFully(in, n);
            case STRING -> new String(readFully(in, n).array(), StandardCharsets.UTF_8);
            case INTS -> {
                int[] a = new int[n / 4];
                readPrimitive(in, n, (buf, from, k) -> buf.asIntBuffer().get(a, from / 4, k / 4));
                yield a;
            }
            case LONGS -> {
                long[] a = new long[n / 8];
                readPrimitive(in, n, (buf, from, k) -> buf.asLongBuffer().get(a, from / 8, k / 8));
                yield a;
            }
            case DOUBLES -> {
                double[] a = new double[n / 8];
                readPrimitive(in, n, (buf, from, k) -> buf.asDoubleBuffer().get(a, from / 8, k / 8));
                yield a;
            }
            case FLOATS -> {
                float[] a = new float[n / 4];
                readPrimitive(in, n, (buf, from, k) -> buf.asFloatBuffer().get(a, from / 4, k / 4));
                yield a;
            }
            case CBOR -> {
                ByteBuffer body = readFully(in, n);
                int nameLength = body.getShort(0) & 0xffff;
                String className = new String(body.array(), 2, nameLength, StandardCharsets.UTF_8);
                if (!allowedClass.test(className)) {
                    throw new IOException("objects of class " + className + " may not be decoded here:"
                            + " the class is not in trellis.core.object-classes");
                }
                try {
                    Class<?> type = Class.forName(className, false, loader);
                    yield withNested(nested, () -> MAPPER.readValue(body.array(), 2 + nameLength, n - 2 - nameLength, type));
                } catch (ClassNotFoundException e) {
                    throw new IOException("class " + className + " is not on this node's class path", e);
                }
            }
            default -> throw new IOException("unknown stored object kind " + kind);
        };
    }

    /**
     * A value's encoding (the layout {@link #write} writes), read by offset without building it
     * whole where it can: a byte array or primitive array is sliced from the value itself, so
     * sending a big array to another node costs a chunk of memory, not a copy of the array.
     */
    interface Encoded {
        long size();

        /** Copies {@code length} bytes of the encoding from {@code offset} into {@code dst}. */
        void copy(long offset, byte[] dst, int dstOffset, int length);

        /**
         * Writes the whole encoding to {@code out}, at most {@code slice} bytes per write; a byte
         * array's bytes are written from the array itself.
         */
        default void writeTo(OutputStream out, int slice) throws IOException {
            byte[] buf = new byte[(int) Math.min(slice, size())];
            for (long at = 0; at < size(); at += buf.length) {
                int n = (int) Math.min(buf.length, size() - at);
                copy(at, buf, 0, n);
                out.write(buf, 0, n);
            }
        }
    }

    static Encoded encoded(Object value) {
        return encoded(value, null);
    }

    /** {@link #encoded(Object)}, nested refs and handles through {@code nested}. */
    static Encoded encoded(Object value, Nested nested) {
        return switch (value) {
            case byte[] a -> new Bytes(a);
            case int[] a -> new Sliced(INTS, a.length, 4, (buf, from, n) -> buf.asIntBuffer().put(a, from, n));
            case long[] a -> new Sliced(LONGS, a.length, 8, (buf, from, n) -> buf.asLongBuffer().put(a, from, n));
            case double[] a -> new Sliced(DOUBLES, a.length, 8, (buf, from, n) -> buf.asDoubleBuffer().put(a, from, n));
            case float[] a -> new Sliced(FLOATS, a.length, 4, (buf, from, n) -> buf.asFloatBuffer().put(a, from, n));
            case null, default -> {
                var out = new java.io.ByteArrayOutputStream();
                try {
                    write(value, java.nio.channels.Channels.newChannel(out), nested);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                yield new Whole(out.toByteArray());
            }
        };
    }

    /** An encoding built whole (CBOR, strings, buffers). */
    private record Whole(byte[] bytes) implements Encoded {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void copy(long offset, byte[] dst, int dstOffset, int length) {
            System.arraycopy(bytes, (int) offset, dst, dstOffset, length);
        }

        @Override
        public void writeTo(OutputStream out, int slice) throws IOException {
            writeSlices(out, bytes, 0, bytes.length, slice);
        }
    }

    /** A byte array's encoding: the header, then the array itself. */
    private record Bytes(byte[] array) implements Encoded {
        @Override
        public long size() {
            return HEADER + (long) array.length;
        }

        @Override
        public void copy(long offset, byte[] dst, int dstOffset, int length) {
            if (offset < HEADER) {
                int n = (int) Math.min(length, HEADER - offset);
                header(BYTES, array.length).get((int) offset, dst, dstOffset, n);
                offset += n;
                dstOffset += n;
                length -= n;
            }
            System.arraycopy(array, (int) (offset - HEADER), dst, dstOffset, length);
        }

        @Override
        public void writeTo(OutputStream out, int slice) throws IOException {
            out.write(header(BYTES, array.length).array());
            writeSlices(out, array, 0, array.length, slice);
        }
    }

    private static void writeSlices(OutputStream out, byte[] bytes, int from, int to, int slice) throws IOException {
        for (int at = from; at < to; at += slice) {
            out.write(bytes, at, Math.min(slice, to - at));
        }
    }

    /** The encoding of an array of {@code count} elements of {@code width} bytes, sliced on demand. */
    private record Sliced(byte kind, int count, int width, Slice slice) implements Encoded {
        @Override
        public long size() {
            return HEADER + (long) count * width;
        }

        @Override
        public void copy(long offset, byte[] dst, int dstOffset, int length) {
            if (offset < HEADER) {
                int n = (int) Math.min(length, HEADER - offset);
                header(kind, (long) count * width).get((int) offset, dst, dstOffset, n);
                offset += n;
                dstOffset += n;
                length -= n;
            }
            if (length == 0) {
                return;
            }
            long payload = offset - HEADER;
            int first = (int) (payload / width);
            int last = (int) ((payload + length - 1) / width);
            ByteBuffer buf = ByteBuffer.allocate((last - first + 1) * width).order(ByteOrder.LITTLE_ENDIAN);
            slice.copy(buf, first, last - first + 1);
            System.arraycopy(buf.array(), (int) (payload - (long) first * width), dst, dstOffset, length);
        }
    }

    /** The length of the byte array an encoding starting with {@code head} holds, or -1 if it is not one. */
    static int byteArrayLength(byte[] head) {
        if (head.length < HEADER || head[0] != BYTES) {
            return -1;
        }
        return (int) ByteBuffer.wrap(head).getLong(1);
    }

    private interface Slice {
        void copy(ByteBuffer buf, int from, int count);
    }

    private static long writePrimitive(WritableByteChannel out, byte kind, int count, int width, Slice slice)
            throws IOException {
        long total = writeAll(out, header(kind, (long) count * width));
        int perChunk = CHUNK / width;
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < count; from += perChunk) {
            int n = Math.min(perChunk, count - from);
            buf.clear();
            slice.copy(buf, from, n);
            buf.limit(n * width);
            total += writeAll(out, buf);
        }
        return total;
    }

    /** Reads {@code bytes} in chunks; {@code slice} gets byte offsets and counts. */
    private static void readPrimitive(ReadableByteChannel in, int bytes, Slice slice) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < bytes; from += CHUNK) {
            int n = Math.min(CHUNK, bytes - from);
            buf.clear().limit(n);
            while (buf.hasRemaining()) {
                if (in.read(buf) < 0) {
                    throw new IOException("stored object ends early");
                }
            }
            buf.flip();
            slice.copy(buf, from, n);
        }
    }

    private static ByteBuffer header(byte kind, long length) {
        return ByteBuffer.allocate(HEADER).put(0, kind).putLong(1, length);
    }

    private static long writeAll(WritableByteChannel out, ByteBuffer buf) throws IOException {
        long n = 0;
        while (buf.hasRemaining()) {
            n += out.write(buf);
        }
        return n;
    }

    private static ByteBuffer readFully(ReadableByteChannel in, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (in.read(buf) < 0) {
                throw new IOException("stored object ends early");
            }
        }
        return buf.flip();
    }
}
