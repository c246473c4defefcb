package io.sockscope.receiver.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.sockscope.receiver.kubernetes.Pods.NODE;
import static io.sockscope.receiver.kubernetes.Pods.await;
import static io.sockscope.receiver.kubernetes.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** The API server goes away: what was known keeps answering, and the outage is counted. */
class KubernetesPodsOutageTest {
    @Test
    void staleDataIsKeptWhileTheApiServerIsDown() throws InterruptedException {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient();
             KubernetesPods pods = KubernetesPods.start(client, NODE, false, Duration.ofMillis(100))) {
            String u1 = Pods.create(client, pod("shop", "cart", "uid-1", NODE, Map.of("team", "a"), Map.of(), null, null));
            await("the pod", () -> pods.pod(u1) != null);
            assertThat(pods.staleLookups()).isZero();

            server.shutdown();
            await("the watch to drop", () -> !pods.watching());
            assertThat(pods.pod(u1).name()).isEqualTo("cart");
            assertThat(pods.staleLookups()).isEqualTo(1);
            await("a failed call to be counted", () -> pods.apiErrors() > 0);
        } finally {
            server.shutdown();
        }
    }
}
