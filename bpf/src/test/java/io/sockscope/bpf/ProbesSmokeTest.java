package io.sockscope.bpf;

import org.junit.jupiter.api.Test;

import java.util.Set;

class ProbesSmokeTest {
    @Test
    void attachesAndSeesCurl() throws Exception {
        try (LiveCapture cap = new LiveCapture(ProbeOptions.defaults(), ProbeFilter.ALL, r -> true)) {
            Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "http://127.0.0.1:1/").start();
            p.waitFor();
            cap.settle();
            cap.events.stream().limit(40).forEach(System.out::println);
            System.out.println("emitted=" + cap.probes.emittedEvents() + " lost=" + cap.probes.lostEvents());
        }
    }
}
