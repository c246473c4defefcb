package io.sockscope.receiver.connection;

import io.sockscope.bpf.Role;
import io.sockscope.receiver.Conversation;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.Recorder;
import io.sockscope.receiver.ReceiverSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Roles of sockets whose connect or accept was not seen (they existed before Sockscope started). */
class RoleInferenceTest {
    private static final String REQUEST = "GET /health HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    @Test
    void anHttpRequestReceivedMakesAServer() {
        Recorder r = new Recorder();
        Conversation s = Conversation.server(1).roleUnseen();
        r.feed(s.recv(REQUEST), s.send(RESPONSE));
        assertThat(r.only().role()).isEqualTo(Role.SERVER);
        assertThat(r.only().protocol()).isEqualTo(Protocol.HTTP1);
    }

    @Test
    void anHttpRequestSentMakesAClient() {
        Recorder r = new Recorder();
        Conversation c = Conversation.client(2).roleUnseen();
        r.feed(c.send(REQUEST), c.recv(RESPONSE));
        assertThat(r.only().role()).isEqualTo(Role.CLIENT);
    }

    @Test
    void anHttpResponseSentFirstMakesAServerAndIsAnOrphan() {
        Recorder r = new Recorder();
        Conversation s = Conversation.server(3).roleUnseen();
        r.feed(s.send(RESPONSE), s.recv(REQUEST), s.send(RESPONSE));
        assertThat(r.only().role()).isEqualTo(Role.SERVER);
        assertThat(r.assembler.orphanResponses()).isEqualTo(1);
    }

    @Test
    void aListeningLocalPortMakesAServerWhateverTheBytes() {
        ListeningPorts listening = (netns, pid, port, now) -> port == Conversation.SERVER_PORT
                ? ListeningPorts.Answer.LISTENING : ListeningPorts.Answer.NOT_LISTENING;
        Recorder r = new Recorder(ReceiverSettings.defaults(), listening);
        Conversation s = Conversation.server(4).roleUnseen();
        // A server-first protocol: the greeting is not a request.
        r.feed(s.send("220 ready\r\n"), s.recv("LOGIN x\r\n"), s.send("OK\r\n"), s.close());
        Exchange x = r.only();
        assertThat(x.role()).isEqualTo(Role.SERVER);
        assertThat(x.requestBytes()).isEqualTo(9);
    }

    @Test
    void aPortNobodyListensOnMakesAClient() {
        ListeningPorts listening = (netns, pid, port, now) -> ListeningPorts.Answer.NOT_LISTENING;
        Recorder r = new Recorder(ReceiverSettings.defaults(), listening);
        Conversation c = Conversation.client(5).roleUnseen();
        r.feed(c.recv("tail of a reply"), c.send("NEXT\n"), c.recv("ANSWER\n"), c.close());
        assertThat(r.exchanges).hasSize(1);
        assertThat(r.only().role()).isEqualTo(Role.CLIENT);
        assertThat(r.only().requestBytes()).isEqualTo(5);
    }

    @Test
    void withNothingToGoByTheFirstBytesAreTheRequest() {
        Recorder r = new Recorder();
        Conversation c = Conversation.client(6).roleUnseen();
        r.feed(c.send("\u0001\u0002"), c.recv("\u0003"), c.close());
        assertThat(r.only().role()).isEqualTo(Role.CLIENT);
        Recorder r2 = new Recorder();
        Conversation s = Conversation.server(7).roleUnseen();
        r2.feed(s.recv("\u0001\u0002"), s.send("\u0003"), s.close());
        assertThat(r2.only().role()).isEqualTo(Role.SERVER);
    }

    @Test
    void theKernelRoleWins() {
        Recorder r = new Recorder();
        Conversation s = Conversation.server(8);
        r.feed(s.accept(), s.send("hello first"), s.recv("query"), s.send("answer"), s.close());
        assertThat(r.only().role()).isEqualTo(Role.SERVER);
        assertThat(r.only().requestBytes()).isEqualTo(5);
    }
}
