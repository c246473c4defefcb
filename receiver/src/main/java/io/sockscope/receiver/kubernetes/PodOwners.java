package io.sockscope.receiver.kubernetes;

/**
 * The workloads that own a pod, each null when there is none: a Deployment through its ReplicaSet, a
 * CronJob through its Job.
 */
public record PodOwners(String deployment, String replicaSet, String statefulSet, String daemonSet, String job,
                        String cronJob) {
    public static final PodOwners NONE = new PodOwners(null, null, null, null, null, null);

    /** The owning workload's name in the semantic conventions' order for {@code service.name}, or null. */
    public String workloadName() {
        for (String name : new String[]{deployment, replicaSet, statefulSet, daemonSet, cronJob, job}) {
            if (name != null) {
                return name;
            }
        }
        return null;
    }
}
