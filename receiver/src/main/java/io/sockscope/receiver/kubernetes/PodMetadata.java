package io.sockscope.receiver.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * What the API server says about one pod, reduced to what resources need. Immutable; a pod that
 * changes gets a new instance, so holders can tell by identity.
 *
 * @param labels              every label of the pod
 * @param resourceAnnotations the pod's {@code resource.opentelemetry.io/<key>} annotations by {@code <key>}
 * @param containerNames      container name by the runtime's container id (64 hex, scheme removed), for the
 *                            containers the status lists (init and ephemeral ones too)
 * @param specContainers      the names of the containers in the pod's spec, in order
 */
public record PodMetadata(
        String uid,
        String name,
        String namespace,
        String nodeName,
        Map<String, String> labels,
        Map<String, String> resourceAnnotations,
        Map<String, String> containerNames,
        List<String> specContainers,
        PodOwners owners) {

    public static final String RESOURCE_ANNOTATION_PREFIX = "resource.opentelemetry.io/";

    public PodMetadata {
        labels = Map.copyOf(labels);
        resourceAnnotations = Map.copyOf(resourceAnnotations);
        containerNames = Map.copyOf(containerNames);
        specContainers = List.copyOf(specContainers);
        owners = owners == null ? PodOwners.NONE : owners;
    }

    /**
     * The name of the container with this id; the pod's only container when the status does not list the
     * id yet (a container just started); null otherwise.
     */
    public String containerName(String containerId) {
        if (containerId == null) {
            return null;
        }
        String name = containerNames.get(containerId);
        if (name == null && specContainers.size() == 1) {
            return specContainers.getFirst();
        }
        return name;
    }
}
