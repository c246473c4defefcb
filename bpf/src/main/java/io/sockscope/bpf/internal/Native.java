package io.sockscope.bpf.internal;

import io.sockscope.bpf.BpfException;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** Loads libbpf and libc once. */
public final class Native {
    private static volatile Native instance;

    public final LibBpf bpf;
    public final LibC libc;
    public final Runtime runtime;

    private Native(LibBpf bpf, LibC libc) {
        this.bpf = bpf;
        this.libc = libc;
        this.runtime = Runtime.getRuntime(bpf);
    }

    public static Native get() {
        Native n = instance;
        if (n == null) {
            synchronized (Native.class) {
                n = instance;
                if (n == null) {
                    instance = n = load();
                }
            }
        }
        return n;
    }

    private static Native load() {
        LibC libc = LibraryLoader.create(LibC.class).failImmediately().load("c");
        LibBpf bpf;
        try {
            // Debian ships libbpf.so.1 in libbpf1; the unversioned name only with libbpf-dev.
            bpf = LibraryLoader.create(LibBpf.class).failImmediately().search("/usr/lib/x86_64-linux-gnu")
                    .search("/usr/lib64").search("/usr/lib").library("libbpf.so.1").library("bpf").load();
        } catch (UnsatisfiedLinkError e) {
            throw new BpfException("libbpf 1.x not found (" + e.getMessage() + "). Install it: apt-get install libbpf1");
        }
        return new Native(bpf, libc);
    }

    /** errno of the last call annotated with @SaveError on this thread. */
    public int lastErrno() {
        return runtime.getLastError();
    }

    public String strerror(int errno) {
        return libc.strerror(Math.abs(errno));
    }
}
