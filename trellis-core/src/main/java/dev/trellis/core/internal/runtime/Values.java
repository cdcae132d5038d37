package dev.trellis.core.internal.runtime;

/**
 * Core's encoding of values that cross nodes (the one task arguments and results use), for the
 * libraries on Core: bytes that name each value's class, decoded only for classes a node may
 * load ({@code trellis.code-packages}); byte and primitive arrays travel raw. A value that
 * holds an {@code ObjectRef} or actor handle is refused with an error naming it.
 */
public final class Values {
    private Values() {
    }

    /** {@code value} as bytes for another node; an {@link IllegalArgumentException} names what cannot be encoded. */
    public static byte[] encode(Object value) {
        return Wire.bytes(value);
    }

    /** The value {@link #encode} wrote, decoded with this thread's class loader. */
    public static Object decode(byte[] bytes) {
        return Wire.value(bytes);
    }
}
