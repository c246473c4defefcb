package io.sockscope.receiver.connection;

import io.sockscope.bpf.EventKind;
import io.sockscope.bpf.KernelEventBuilder;
import io.sockscope.receiver.process.ProcessResolver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionTableTest {
    private static final ExchangeOutput OUT = new ExchangeOutput(x -> { }, ProcessResolver.none());

    static Connection connection(long cookie, long ts) {
        return new Connection(new KernelEventBuilder().kind(EventKind.ACCEPT).cookie(cookie).timestampNanos(ts).build(), OUT);
    }

    @Test
    void behavesLikeAMapUnderRandomOperations() {
        ConnectionTable table = new ConnectionTable(1000);
        Map<Long, Connection> model = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            // Few distinct keys, many collisions of probe chains: exercises backward-shift deletion.
            long cookie = 1 + rnd.nextInt(2000) * 4096L;
            Connection present = table.get(cookie);
            assertThat(present).isSameAs(model.get(cookie));
            if (present == null && !table.isFull()) {
                Connection c = connection(cookie, i);
                table.add(c);
                model.put(cookie, c);
            } else if (present != null) {
                table.remove(present);
                model.remove(cookie);
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (Map.Entry<Long, Connection> e : model.entrySet()) {
            assertThat(table.get(e.getKey())).isSameAs(e.getValue());
        }
    }

    @Test
    void keepsActivityOrder() {
        ConnectionTable table = new ConnectionTable(10);
        List<Connection> cs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Connection c = connection(i, i);
            cs.add(c);
            table.add(c);
        }
        assertThat(table.oldest()).isSameAs(cs.get(0));
        table.touched(cs.get(0));
        assertThat(table.oldest()).isSameAs(cs.get(1));
        table.remove(cs.get(1));
        assertThat(table.oldest()).isSameAs(cs.get(2));
        table.remove(cs.get(4));
        table.remove(cs.get(2));
        table.remove(cs.get(3));
        assertThat(table.oldest()).isSameAs(cs.get(0));
        table.remove(cs.get(0));
        assertThat(table.oldest()).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void isBounded() {
        ConnectionTable table = new ConnectionTable(3);
        for (int i = 1; i <= 3; i++) {
            table.add(connection(i, i));
        }
        assertThat(table.isFull()).isTrue();
        assertThatThrownBy(() -> table.add(connection(4, 4))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ConnectionTable(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void waitListsKeepOrderAndExpireFromTheHead() {
        WaitList a = new WaitList(100);
        WaitList b = new WaitList(100);
        Connection c1 = connection(1, 10);
        Connection c2 = connection(2, 20);
        a.append(c1);
        a.append(c2);
        assertThat(a.expired(109)).isNull();
        assertThat(a.expired(110)).isSameAs(c1);
        b.append(c1); // moves: a connection waits in one list at a time
        assertThat(a.size()).isEqualTo(1);
        assertThat(a.expired(1000)).isSameAs(c2);
        WaitList.leave(c2);
        assertThat(a.expired(1000)).isNull();
        assertThat(b.expired(1000)).isSameAs(c1);
        WaitList.leave(c1);
        WaitList.leave(c1);
        assertThat(b.size()).isZero();
    }
}
