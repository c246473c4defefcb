package io.sockscope.receiver.kubernetes;

/** Pod metadata by pod uid. Implementations are thread-safe and answer from memory, never blocking. */
public interface PodMetadataSource {
    /** @return the pod with this uid (dashes), or null when it is unknown */
    PodMetadata pod(String uid);

    /** Knows no pod: container ids and pod uids from cgroups alone. */
    static PodMetadataSource none() {
        return uid -> null;
    }
}
