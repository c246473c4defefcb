package io.sockscope.receiver.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * When and how to read pod metadata from the API server.
 *
 * @param mode       {@link Mode#AUTO}: only when a cluster is configured ({@code KUBERNETES_SERVICE_HOST}
 *                   in the environment, as in every pod, or a kubeconfig given by {@code kubeconfig} or
 *                   {@code KUBECONFIG})
 * @param nodeName   the node whose pods are watched; null: {@code K8S_NODE_NAME}, else this host's name
 * @param kubeconfig a kubeconfig file, or null for the in-cluster service account (or {@code KUBECONFIG})
 */
public record KubernetesOptions(Mode mode, String nodeName, String kubeconfig) {
    public enum Mode { AUTO, ON, OFF }

    public static KubernetesOptions defaults() {
        return new KubernetesOptions(Mode.AUTO, null, null);
    }

    /** Whether to connect at all, given the process environment. */
    public boolean enabled(Map<String, String> env) {
        return switch (mode) {
            case OFF -> false;
            case ON -> true;
            case AUTO -> notBlank(env.get("KUBERNETES_SERVICE_HOST")) || notBlank(kubeconfig) || notBlank(env.get("KUBECONFIG"));
        };
    }

    /** The node to watch: {@code nodeName}, else {@code K8S_NODE_NAME}, else the host name (hostNetwork agents). */
    public String resolveNodeName(Map<String, String> env, Path hostnameFile) {
        if (notBlank(nodeName)) {
            return nodeName.strip();
        }
        if (notBlank(env.get("K8S_NODE_NAME"))) {
            return env.get("K8S_NODE_NAME").strip();
        }
        try {
            String host = Files.readString(hostnameFile).strip();
            return host.isEmpty() ? null : host;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
