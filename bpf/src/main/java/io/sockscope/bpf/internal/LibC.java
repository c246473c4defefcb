package io.sockscope.bpf.internal;

import jnr.ffi.Pointer;

/** libc calls of the loader: formatting libbpf's log and errno messages. */
public interface LibC {
    int vsnprintf(Pointer buf, long size, Pointer format, Pointer vaList);

    String strerror(int errnum);
}
