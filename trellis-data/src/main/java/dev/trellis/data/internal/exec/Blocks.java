package dev.trellis.data.internal.exec;

import java.util.List;

/**
 * What a Data task returns: the blocks it made. A record rather than a bare list, so that its
 * elements decode as {@link BlockRef}s on another node (a bare list's elements would be untyped).
 */
public record Blocks(List<BlockRef> list) {
    public Blocks {
        list = List.copyOf(list);
    }
}
