package io.sockscope.semconv.resource;

import io.opentelemetry.proto.resource.v1.Resource;
import io.sockscope.receiver.ProcessInfo;
import io.sockscope.semconv.Attributes;
import io.sockscope.semconv.Exchanges;
import io.sockscope.semconv.Instrumentation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ResourceMapperTest {
    private final ResourceMapper mapper = new ResourceMapper("node-1");

    private static ProcessInfo process(String serviceName, String resourceAttributes) {
        return new ProcessInfo(1234, 5678, "java", "/usr/lib/jvm/bin/java", "java -jar shop.jar", "app",
                serviceName, resourceAttributes);
    }

    @Test
    void withOtelServiceName() {
        Resource r = mapper.resourceOf(process("checkout", null));

        assertThat(Attributes.of(r)).containsExactly(
                entry("service.name", "checkout"),
                entry("host.name", "node-1"),
                entry("process.pid", 1234L),
                entry("process.executable.name", "java"),
                entry("process.executable.path", "/usr/lib/jvm/bin/java"),
                entry("process.command_line", "java -jar shop.jar"),
                entry("process.owner", "app"),
                entry("telemetry.distro.name", "sockscope"),
                entry("telemetry.distro.version", Instrumentation.VERSION));
    }

    @Test
    void withoutOtelServiceNameFallsBackToUnknownServiceAndTheExecutable() {
        assertThat(Attributes.of(mapper.resourceOf(process(null, null))))
                .contains(entry("service.name", "unknown_service:java"));
        assertThat(Attributes.of(mapper.resourceOf(process("  ", null))))
                .contains(entry("service.name", "unknown_service:java"));
    }

    @Test
    void anUnknownProcessIsUnknownService() {
        Resource r = mapper.resourceOf(ProcessInfo.unknown(99));

        assertThat(Attributes.of(r)).containsExactly(
                entry("service.name", "unknown_service"),
                entry("host.name", "node-1"),
                entry("process.pid", 99L),
                entry("telemetry.distro.name", "sockscope"),
                entry("telemetry.distro.version", Instrumentation.VERSION));
    }

    @Test
    void resourceAttributesAreApplied() {
        Resource r = mapper.resourceOf(process(null,
                "service.name=cart,service.namespace=shop,deployment.environment.name=prod%2Deu"));

        assertThat(Attributes.of(r)).contains(
                entry("service.name", "cart"),
                entry("service.namespace", "shop"),
                entry("deployment.environment.name", "prod-eu"));
    }

    @Test
    void otelServiceNameWinsOverResourceAttributes() {
        Resource r = mapper.resourceOf(process("checkout", "service.name=cart"));

        assertThat(Attributes.of(r)).contains(entry("service.name", "checkout"));
    }

    @Test
    void resourceAttributesWinOverDetectedOnes() {
        Resource r = mapper.resourceOf(process(null, "host.name=pod-host"));

        assertThat(Attributes.of(r)).contains(entry("host.name", "pod-host"));
    }

    @Test
    void malformedResourceAttributesAreIgnoredEntirely() {
        Resource r = mapper.resourceOf(process(null, "service.name=cart,oops"));

        assertThat(Attributes.of(r))
                .contains(entry("service.name", "unknown_service:java"))
                .doesNotContainKey("oops");
    }

    @Test
    void noHostNameLeavesItOut() {
        assertThat(Attributes.of(new ResourceMapper(null).resourceOf(process(null, null))))
                .doesNotContainKey("host.name");
    }

    @Test
    void theSameProcessGetsTheSameInstance() {
        ProcessInfo p = process("checkout", null);

        assertThat(mapper.resourceOf(p)).isSameAs(mapper.resourceOf(p));
        assertThat(mapper.resourceOf(process("checkout", null))).isSameAs(mapper.resourceOf(p));
    }

    @Test
    void aReusedPidWithANewStartTimeGetsANewResource() {
        Resource first = mapper.resourceOf(process("checkout", null));
        Resource reused = mapper.resourceOf(
                new ProcessInfo(1234, 9999, "python3", null, null, null, "billing", null));

        assertThat(Attributes.of(reused)).contains(entry("service.name", "billing"));
        assertThat(Attributes.of(first)).contains(entry("service.name", "checkout"));
    }

    @Test
    void changedInfoForTheSameProcessIsRebuilt() {
        mapper.resourceOf(process(null, null));

        assertThat(Attributes.of(mapper.resourceOf(process("late", null))))
                .contains(entry("service.name", "late"));
    }

    @Test
    void anExchangeWithoutProcessInfoUsesItsPid() {
        Resource r = mapper.resourceOf(Exchanges.server().process(null).pid(777).build());

        assertThat(Attributes.of(r)).contains(entry("process.pid", 777L), entry("service.name", "unknown_service"));
    }

    @Test
    void theCacheIsBounded() {
        ResourceMapper small = new ResourceMapper("h", 8);
        for (int pid = 1; pid <= 100; pid++) {
            small.resourceOf(new ProcessInfo(pid, pid, "x", null, null, null, null, null));
        }

        assertThat(small.cachedProcesses()).isLessThanOrEqualTo(8);
    }

    @Test
    void aCacheOfNothingIsRefused() {
        assertThatThrownBy(() -> new ResourceMapper("h", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
