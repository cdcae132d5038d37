package dev.trellis.data.internal.ops;

/** A stable merge sort of row indices by a comparator of rows, without boxing. */
final class IndexSort {
    private static final int INSERTION = 24;

    /** Compares rows {@code i} and {@code j}. */
    @FunctionalInterface
    interface RowOrder {
        int compare(int i, int j);
    }

    private IndexSort() {
    }

    /** {@code 0 .. n-1} sorted by {@code order}; equal rows keep their order. */
    static int[] sorted(int n, RowOrder order) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        sort(a, order);
        return a;
    }

    /** Sorts {@code rows} in place by {@code order}, stably. */
    static void sort(int[] rows, RowOrder order) {
        if (rows.length > 1) {
            int[] tmp = rows.clone();
            mergeSort(tmp, rows, 0, rows.length, order);
        }
    }

    /** Sorts {@code dst[from, to)}, using {@code src} (holding the same values there) as scratch. */
    private static void mergeSort(int[] src, int[] dst, int from, int to, RowOrder order) {
        int n = to - from;
        if (n <= INSERTION) {
            for (int i = from + 1; i < to; i++) {
                int v = dst[i];
                int j = i - 1;
                while (j >= from && order.compare(dst[j], v) > 0) {
                    dst[j + 1] = dst[j];
                    j--;
                }
                dst[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(dst, src, from, mid, order);
        mergeSort(dst, src, mid, to, order);
        if (order.compare(src[mid - 1], src[mid]) <= 0) {
            System.arraycopy(src, from, dst, from, n);
            return;
        }
        int p = from;
        int q = mid;
        for (int k = from; k < to; k++) {
            if (q >= to || (p < mid && order.compare(src[p], src[q]) <= 0)) {
                dst[k] = src[p++];
            } else {
                dst[k] = src[q++];
            }
        }
    }
}
