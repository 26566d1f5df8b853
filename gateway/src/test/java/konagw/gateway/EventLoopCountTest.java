package konagw.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventLoopCountTest {

    String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(EventLoopCount.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(EventLoopCount.PROPERTY);
        } else {
            System.setProperty(EventLoopCount.PROPERTY, before);
        }
    }

    @Test
    void unsetMeansOneLoopPerCore() {
        System.clearProperty(EventLoopCount.PROPERTY);
        EventLoopCount.defaultToOnePerCore();
        assertThat(System.getProperty(EventLoopCount.PROPERTY))
                .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void anOperatorsChoiceIsKept() {
        System.setProperty(EventLoopCount.PROPERTY, "7");
        EventLoopCount.defaultToOnePerCore();
        assertThat(System.getProperty(EventLoopCount.PROPERTY)).isEqualTo("7");
    }
}
