package io.sockscope.receiver.protocol.http1;

import io.sockscope.bpf.Direction;
import io.sockscope.bpf.Role;
import io.sockscope.bpf.SocketCall;
import io.sockscope.receiver.Conversation;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.Recorder;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.sockscope.receiver.Recorder.http;
import static io.sockscope.receiver.protocol.http1.Captures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * However valid traffic is cut into syscalls, and however much of each body goes uncaptured, the same
 * exchanges come out: one per request, none doubled, with exact byte counts.
 */
class Http1ExactnessTest {
    private record Turn(String request, String response, String target, int status) {
    }

    private static final List<Turn> TURNS = List.of(
            new Turn(CURL_GET, NGINX_200, "/index.html?lang=en", 200),
            new Turn(CURL_HEAD, NGINX_200_HEAD, "/", 200),
            new Turn(CURL_CONDITIONAL, NGINX_304, "/", 304),
            new Turn(get("/gone"), NGINX_204, "/gone", 204),
            new Turn(TRACED_GET, NGINX_CHUNKED, "/api/orders/42", 200),
            new Turn(CURL_POST_EXPECT + "p".repeat(2048), CONTINUE + NGINX_201, "/upload", 201),
            new Turn("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 30000\r\n\r\n" + "q".repeat(30000),
                    ok("r".repeat(50000)), "/big", 200));

    @RepeatedTest(200)
    void sameExchangesWhateverTheSplitsAndGaps(RepetitionInfo info) {
        SplittableRandom rnd = new SplittableRandom(info.getCurrentRepetition() * 31L);
        boolean server = rnd.nextBoolean();
        Conversation c = server ? Conversation.server(1) : Conversation.client(1);
        Recorder r = new Recorder();
        r.feed(server ? c.accept() : c.connect());
        List<Turn> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Turn t = TURNS.get(rnd.nextInt(TURNS.size()));
            sent.add(t);
            write(r, c, t.request, server ? Direction.INGRESS : Direction.EGRESS, rnd);
            write(r, c, t.response, server ? Direction.EGRESS : Direction.INGRESS, rnd);
        }
        r.feed(c.close());

        assertThat(r.exchanges).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            Exchange x = r.exchanges.get(i);
            Turn t = sent.get(i);
            assertThat(x.outcome()).isEqualTo(Outcome.COMPLETE);
            assertThat(x.role()).isEqualTo(server ? Role.SERVER : Role.CLIENT);
            assertThat(http(x).target()).isEqualTo(t.target);
            assertThat(http(x).statusCode()).isEqualTo(t.status);
            assertThat(x.requestBytes()).isEqualTo(t.request.length());
            assertThat(x.responseBytes()).isEqualTo(t.response.length()); // a 100 Continue included
        }
        assertThat(r.assembler.parseFailures()).isZero();
        assertThat(r.assembler.orphanResponses()).isZero();
    }

    /** Cuts a message into syscalls; a syscall inside a body may have only a prefix captured. */
    private static void write(Recorder r, Conversation c, String message, Direction d, SplittableRandom rnd) {
        int bodyStart = message.lastIndexOf("\r\n\r\n") + 4;
        int pos = 0;
        while (pos < message.length()) {
            int n = 1 + rnd.nextInt(Math.min(message.length() - pos, rnd.nextBoolean() ? 40 : 20000));
            byte[] all = Conversation.bytes(message.substring(pos, pos + n));
            int captured = all.length;
            if (pos >= bodyStart && !message.contains("chunked") && rnd.nextInt(3) == 0) {
                captured = rnd.nextInt(all.length + 1); // the probe copied only a prefix
            }
            byte[] payload = java.util.Arrays.copyOf(all, captured);
            r.feed(c.data(d, payload, n, d == Direction.EGRESS ? SocketCall.WRITEV : SocketCall.READ));
            pos += n;
        }
    }
}
