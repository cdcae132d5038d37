package dev.trellis.data.internal.ops;

/**
 * Numbers the distinct keys of a batch's rows in order of first appearance (an open-addressing
 * hash table over {@link KeyColumns#hash} and {@link KeyColumns#compare}; no boxing).
 *
 * @param groupOf   each row's group, 0 to {@code groups - 1}
 * @param firstRows each group's first row
 */
record KeyIndex(int[] groupOf, int[] firstRows) {

    /** The number of groups. */
    int groups() {
        return firstRows.length;
    }

    /** Groups rows {@code 0 .. rows-1} of {@code keys} by equal key. */
    static KeyIndex of(KeyColumns keys, int rows) {
        int capacity = Integer.highestOneBit(Math.max(4, rows) * 2 - 1) << 1;
        int mask = capacity - 1;
        int[] slots = new int[capacity]; // group + 1, 0 for empty
        long[] slotHash = new long[capacity];
        int[] groupOf = new int[rows];
        int[] first = new int[Math.max(4, Math.min(rows, 1024))];
        int groups = 0;
        for (int r = 0; r < rows; r++) {
            long h = keys.hash(r);
            int s = (int) (h ^ (h >>> 32)) & mask;
            while (true) {
                int g = slots[s] - 1;
                if (g < 0) {
                    if (groups == first.length) {
                        first = java.util.Arrays.copyOf(first, groups * 2);
                    }
                    first[groups] = r;
                    slots[s] = ++groups;
                    slotHash[s] = h;
                    groupOf[r] = groups - 1;
                    break;
                }
                if (slotHash[s] == h && keys.compare(first[g], r) == 0) {
                    groupOf[r] = g;
                    break;
                }
                s = (s + 1) & mask;
            }
        }
        return new KeyIndex(groupOf, java.util.Arrays.copyOf(first, groups));
    }
}
