package io.sockscope.bpf.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * mmap, munmap, epoll and the scheduling policy of threads through the JDK's foreign function API. jnr-ffi 2.3.4 passes mmap's
 * arguments wrongly on Java 25 (EINVAL even for anonymous maps), and these calls sit next to the
 * ring buffer's hot path anyway, where FFM downcalls are the cheaper kind.
 */
public final class Syscalls {
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLLIN = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle EPOLL_CREATE1 = downcall("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL = downcall("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = LINKER.downcallHandle(LIBC.find("epoll_wait").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SCHED_SETSCHEDULER = downcall("sched_setscheduler",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SCHED_GETSCHEDULER = downcall("sched_getscheduler", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GETTID = LINKER.downcallHandle(LIBC.find("gettid").orElseThrow(), FunctionDescriptor.of(JAVA_INT));

    private Syscalls() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, CAPTURE_ERRNO);
    }

    /** A failed call: {@code errno} says why. */
    public static final class ErrnoException extends Exception {
        public final int errno;

        ErrnoException(String call, int errno) {
            super(call + " failed: errno " + errno);
            this.errno = errno;
        }
    }

    /** Maps {@code length} bytes of {@code fd} at {@code offset}; the segment has that length. */
    public static MemorySegment mmap(long length, int prot, int fd, long offset) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(ERRNO_STATE);
            MemorySegment p = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot, MAP_SHARED, fd, offset);
            if (p.address() == -1L) {
                throw new ErrnoException("mmap", (int) ERRNO.get(state, 0L));
            }
            return p.reinterpret(length);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static void munmap(MemorySegment segment) {
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) MUNMAP.invokeExact(a.allocate(ERRNO_STATE), segment, segment.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** An epoll instance watching {@code fd} for input. */
    public static int epollFor(int fd) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(ERRNO_STATE);
            int ep = (int) EPOLL_CREATE1.invokeExact(state, EPOLL_CLOEXEC);
            if (ep < 0) {
                throw new ErrnoException("epoll_create1", (int) ERRNO.get(state, 0L));
            }
            // struct epoll_event is packed on x86_64: u32 events, u64 data.
            MemorySegment ev = a.allocate(12);
            ev.set(JAVA_INT, 0, EPOLLIN);
            ev.set(ValueLayout.JAVA_LONG_UNALIGNED, 4, fd);
            int rc = (int) EPOLL_CTL.invokeExact(state, ep, EPOLL_CTL_ADD, fd, ev);
            if (rc != 0) {
                int errno = (int) ERRNO.get(state, 0L);
                close(ep);
                throw new ErrnoException("epoll_ctl", errno);
            }
            return ep;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Waits for input on an epoll instance; {@code buffer} holds at least one 12-byte event. */
    public static int epollWait(int epfd, MemorySegment buffer, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(epfd, buffer, (int) (buffer.byteSize() / 12), timeoutMillis);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Sets the scheduling policy of one thread ({@code tid}; 0 for the calling thread) with priority
     * 0, as {@code chrt -p} does. Linux applies it to that thread only.
     */
    public static void setScheduler(int tid, int policy) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(ERRNO_STATE);
            MemorySegment param = a.allocate(JAVA_INT); // struct sched_param { int sched_priority; } = {0}
            int rc = (int) SCHED_SETSCHEDULER.invokeExact(state, tid, policy, param);
            if (rc != 0) {
                throw new ErrnoException("sched_setscheduler", (int) ERRNO.get(state, 0L));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The scheduling policy of one thread ({@code tid}; 0 for the calling thread). */
    public static int getScheduler(int tid) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(ERRNO_STATE);
            int policy = (int) SCHED_GETSCHEDULER.invokeExact(state, tid);
            if (policy < 0) {
                throw new ErrnoException("sched_getscheduler", (int) ERRNO.get(state, 0L));
            }
            return policy;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The kernel's id of the calling thread. */
    public static int gettid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static void close(int fd) {
        try {
            int rc = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
