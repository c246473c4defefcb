package io.sockscope.receiver.connection;

/**
 * Connections waiting for the same thing (a response, or the end of a quiet time), in order of last
 * activity: all share one timeout, so the expired ones are always at the head and a poll costs O(1)
 * plus O(expired), however many connections wait. Intrusive (links live in {@link Connection}), so
 * moving a connection allocates nothing. A connection is in at most one list. Reader thread only.
 */
public final class WaitList {
    private final long timeoutNanos;
    private Connection head;
    private Connection tail;
    private int size;

    public WaitList(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** Puts {@code c} at the tail (most recent), leaving whatever list it was in. */
    public void append(Connection c) {
        if (c.waitList == this && tail == c) {
            return;
        }
        leave(c);
        c.waitList = this;
        c.waitPrev = tail;
        c.waitNext = null;
        if (tail == null) {
            head = c;
        } else {
            tail.waitNext = c;
        }
        tail = c;
        size++;
    }

    /** The connection at the head if it has waited at least the timeout at {@code nowNanos}, else null. */
    public Connection expired(long nowNanos) {
        Connection c = head;
        return c != null && nowNanos - c.lastActivityNanos() >= timeoutNanos ? c : null;
    }

    public int size() {
        return size;
    }

    /** Takes {@code c} out of whatever list holds it. */
    public static void leave(Connection c) {
        WaitList list = c.waitList;
        if (list == null) {
            return;
        }
        Connection p = c.waitPrev;
        Connection n = c.waitNext;
        if (p == null) {
            list.head = n;
        } else {
            p.waitNext = n;
        }
        if (n == null) {
            list.tail = p;
        } else {
            n.waitPrev = p;
        }
        c.waitPrev = null;
        c.waitNext = null;
        c.waitList = null;
        list.size--;
    }
}
