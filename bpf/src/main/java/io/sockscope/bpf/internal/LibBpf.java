package io.sockscope.bpf.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.NumberByReference;

/**
 * The libbpf 1.x calls Sockscope uses, bound with jnr-ffi. Control path only (open, load,
 * attach, map updates): the hot path reads the ring buffer's memory directly.
 */
public interface LibBpf {
    @SaveError
    Pointer bpf_object__open_file(String path, Pointer opts);

    @SaveError
    int bpf_object__load(Pointer obj);

    void bpf_object__close(Pointer obj);

    Pointer bpf_object__find_map_by_name(Pointer obj, String name);

    Pointer bpf_object__find_program_by_name(Pointer obj, String name);

    int bpf_map__set_max_entries(Pointer map, int maxEntries);

    int bpf_map__fd(Pointer map);

    @SaveError
    Pointer bpf_program__attach(Pointer prog);

    int bpf_link__destroy(Pointer link);

    @SaveError
    int bpf_map_update_elem(int fd, Pointer key, Pointer value, long flags);

    @SaveError
    int bpf_map_lookup_elem(int fd, Pointer key, Pointer value);

    @SaveError
    int bpf_map_delete_elem(int fd, Pointer key);

    @SaveError
    int bpf_map_get_next_key(int fd, Pointer key, Pointer nextKey);

    int libbpf_num_possible_cpus();

    /** libbpf's log sink: {@code int (*)(enum libbpf_print_level, const char *fmt, va_list)}. */
    interface PrintFn {
        @Delegate
        int print(int level, Pointer format, Pointer vaList);
    }

    PrintFn libbpf_set_print(PrintFn fn);
}
