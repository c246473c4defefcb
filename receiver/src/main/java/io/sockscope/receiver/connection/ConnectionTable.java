package io.sockscope.receiver.connection;

/**
 * Live connections by socket cookie: an open-addressing hash table of primitive keys (no boxing, no
 * entry objects), plus an intrusive list in order of last activity, so that the least recently active
 * connection is found in O(1) for idle and capacity eviction.
 *
 * <p>Bounded: it never holds more than {@link #capacity()} connections and never resizes; the caller
 * evicts {@link #oldest()} before adding to a full table. Not thread-safe: the reader thread owns it.
 * Cookie 0 (no cookie) cannot be stored.
 */
public final class ConnectionTable {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final int capacity;
    private final long[] keys;
    private final Connection[] values;
    private final int mask;
    private final int shift;
    private int size;
    private Connection oldest;
    private Connection newest;

    public ConnectionTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        int slots = Math.max(16, Integer.highestOneBit(capacity - 1 <= 0 ? 1 : capacity - 1) << 2);
        this.keys = new long[slots];
        this.values = new Connection[slots];
        this.mask = slots - 1;
        this.shift = 64 - Integer.numberOfTrailingZeros(slots);
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size >= capacity;
    }

    public Connection get(long cookie) {
        for (int i = home(cookie); ; i = (i + 1) & mask) {
            Connection c = values[i];
            if (c == null) {
                return null;
            }
            if (keys[i] == cookie) {
                return c;
            }
        }
    }

    /** Adds a connection not present yet, as the most recently active one. */
    public void add(Connection c) {
        long cookie = c.cookie();
        if (cookie == 0) {
            throw new IllegalArgumentException("cookie 0");
        }
        if (isFull()) {
            throw new IllegalStateException("table full: evict first");
        }
        int i = home(cookie);
        while (values[i] != null) {
            if (keys[i] == cookie) {
                throw new IllegalStateException("cookie already present: " + cookie);
            }
            i = (i + 1) & mask;
        }
        keys[i] = cookie;
        values[i] = c;
        size++;
        linkNewest(c);
    }

    /** Removes a connection; no-op when absent. */
    public void remove(Connection c) {
        long cookie = c.cookie();
        int i = home(cookie);
        while (values[i] != c) {
            if (values[i] == null) {
                return;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (values[j] == null) {
                break;
            }
            int k = home(keys[j]);
            boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (!stays) {
                keys[i] = keys[j];
                values[i] = values[j];
                i = j;
            }
        }
        keys[i] = 0;
        values[i] = null;
        size--;
        unlink(c);
    }

    /** Marks a connection as the most recently active. */
    public void touched(Connection c) {
        if (newest != c) {
            unlink(c);
            linkNewest(c);
        }
    }

    /** The least recently active connection, or null when empty. */
    public Connection oldest() {
        return oldest;
    }

    private int home(long cookie) {
        return (int) ((cookie * GOLDEN) >>> shift);
    }

    private void linkNewest(Connection c) {
        c.lruPrev = newest;
        c.lruNext = null;
        if (newest == null) {
            oldest = c;
        } else {
            newest.lruNext = c;
        }
        newest = c;
    }

    private void unlink(Connection c) {
        Connection p = c.lruPrev;
        Connection n = c.lruNext;
        if (p == null) {
            if (oldest == c) {
                oldest = n;
            }
        } else {
            p.lruNext = n;
        }
        if (n == null) {
            if (newest == c) {
                newest = p;
            }
        } else {
            n.lruPrev = p;
        }
        c.lruPrev = null;
        c.lruNext = null;
    }
}
