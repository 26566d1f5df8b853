package konagw.core.jwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** How a {@code konagw.crypto.provider} name resolves, for ACCP loading or not (the resolution alone, no JCA). */
class JweProviderSelectionTest {

    static final Supplier<Optional<String>> LOADS = Optional::empty;
    static final Supplier<Optional<String>> MISSING = () -> Optional.of("no ACCP build for Mac OS X/aarch64");

    @Test
    void autoIsAccpWhereItLoads() {
        for (String name : new String[] {"auto", " AUTO ", "", null}) {
            JweProviderSelection selection = JweProviderSelection.select(name, LOADS);
            assertThat(selection.provider()).as("'%s'", name).isEqualTo(JweProvider.ACCP);
            assertThat(selection.describe()).isEqualTo("accp (auto)");
        }
    }

    @Test
    void autoIsTheJdkElsewhereAndSaysWhy() {
        JweProviderSelection selection = JweProviderSelection.select("auto", MISSING);
        assertThat(selection.provider()).isEqualTo(JweProvider.JDK);
        assertThat(selection.describe())
                .isEqualTo("jdk (auto; ACCP unavailable: no ACCP build for Mac OS X/aarch64)");
    }

    @Test
    void explicitNamesAreTakenAsGivenWithoutLoadingAccp() {
        AtomicInteger asked = new AtomicInteger();
        Supplier<Optional<String>> counting = () -> {
            asked.incrementAndGet();
            return Optional.empty();
        };
        assertThat(JweProviderSelection.select("jdk", counting))
                .isEqualTo(new JweProviderSelection(JweProvider.JDK, "configured"));
        assertThat(JweProviderSelection.select("BC", counting).provider()).isEqualTo(JweProvider.BC);
        assertThat(asked).as("jdk and bc never load ACCP").hasValue(0);
        assertThat(JweProviderSelection.select("accp", counting).describe()).isEqualTo("accp (configured)");
    }

    @Test
    void anExplicitAccpThatCannotLoadIsRefused() {
        assertThatThrownBy(() -> JweProviderSelection.select("accp", MISSING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("konagw.crypto.provider=accp: Amazon Corretto Crypto Provider cannot load here "
                        + "(no ACCP build for Mac OS X/aarch64); use auto (ACCP where it loads, else jdk) or jdk");
    }

    @Test
    void anUnknownNameListsAuto() {
        assertThatThrownBy(() -> JweProviderSelection.select("rot13", LOADS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("konagw.crypto.provider: unknown provider 'rot13'; supported: auto, jdk, bc, accp");
    }

    @Test
    void theBundledBuildFollowsOsArch() {
        assertThat(AccpLoader.classifier("Linux", "amd64")).isEqualTo("linux-x86_64");
        assertThat(AccpLoader.classifier("Linux", "x86_64")).isEqualTo("linux-x86_64");
        assertThat(AccpLoader.classifier("Linux", "aarch64")).isEqualTo("linux-aarch_64");
        assertThat(AccpLoader.classifier("Linux", "ppc64le")).isNull();
        assertThat(AccpLoader.classifier("Mac OS X", "aarch64")).isNull();
        assertThat(AccpLoader.classifier("Windows 11", "amd64")).isNull();
    }
}
