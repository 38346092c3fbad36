package dev.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** The command line's value converters. */
@Timeout(5)
class LoadTestTest {

    private final LoadTest.Sizes sizes = new LoadTest.Sizes();

    @Test
    void sizesAreBinaryMultiplesAsInJvmOptions() {
        assertEquals(256L << 20, sizes.convert("256MB"));
        assertEquals(1L << 30, sizes.convert("1gb"));
        assertEquals(512L << 10, sizes.convert("512KB"));
        assertEquals(1000L, sizes.convert("1000"));
        assertEquals(1000L, sizes.convert("1000B"));
        assertEquals(3L << 19, sizes.convert("1.5MB"));
    }

    @Test
    void aSizeThatIsNotOneIsRefusedWithAnExample() {
        CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                () -> sizes.convert("lots"));
        assertEquals("'lots' is not a size like 512KB, 256MB or 1GB", e.getMessage());
        assertThrows(CommandLine.TypeConversionException.class, () -> sizes.convert("-1MB"));
    }

    @Test
    void theHostileScenarioIsOneOfTheChoicesAndItsDefaultsAreTheDocumentedOnes() {
        LoadTest cli = new LoadTest();
        new CommandLine(cli).parseArgs("--scenario", "hostile");
        assertEquals(20, cli.attackers);
        assertEquals("127.0.0.2", cli.attackerAddress);
        assertEquals(50, cli.maxLateness.toMillis());
        assertEquals(250, cli.maxStall.toMillis());
        assertEquals(100, cli.ttftSlack.toMillis());
        assertEquals(256L << 20, cli.maxHeapGrowth);
        assertEquals(Scenario.HOSTILE, Scenario.valueOf(cli.scenario.toUpperCase(java.util.Locale.ROOT)));
    }
}
