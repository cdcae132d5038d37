package dev.trellis.data.internal.exec;

import dev.trellis.core.Trellis;

/** Passes blocks until {@code rows} rows have passed, slicing the last one; then stops its input. */
final class LimitStage implements BlockStream {
    private final BlockStream input;
    private long left;

    LimitStage(BlockStream input, long rows) {
        this.input = input;
        this.left = rows;
    }

    @Override
    public BlockRef next() {
        while (left > 0) {
            BlockRef b = input.next();
            if (b == null) {
                break;
            }
            if (b.rows() == 0) {
                continue;
            }
            if (b.rows() <= left) {
                left -= b.rows();
                return b;
            }
            int keep = (int) left;
            left = 0;
            input.close();
            return Execution.get(Trellis.task(DataTasks::slice, b.ref(), 0, keep).remote()).list().getFirst();
        }
        input.close();
        return null;
    }

    @Override
    public void close() {
        input.close();
    }
}
