package dev.switchboard.loadtest.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The catalogue's schedule: every abuse is run, by someone at every moment when there are enough attackers. */
@Timeout(5)
class AbuseScheduleTest {

    private static final Set<AbuseKind> ALL = EnumSet.allOf(AbuseKind.class);

    @Test
    void withSixAttackersOrMoreEveryAbuseIsUnderWayInEveryTurn() {
        for (int attackers = 6; attackers <= 40; attackers++) {
            for (int turn = 0; turn < 12; turn++) {
                Set<AbuseKind> running = EnumSet.noneOf(AbuseKind.class);
                for (int a = 0; a < attackers; a++) {
                    running.add(AbuseSchedule.abuseAt(a, attackers, turn));
                }
                assertEquals(ALL, running, attackers + " attackers, turn " + turn);
            }
        }
    }

    @Test
    void withFewerAttackersEveryAbuseHasBeenRunAfterSixDividedByThemTurnsRoundedUp() {
        for (int attackers = 1; attackers < 6; attackers++) {
            int turns = (6 + attackers - 1) / attackers;
            Set<AbuseKind> run = EnumSet.noneOf(AbuseKind.class);
            for (int turn = 0; turn < turns; turn++) {
                for (int a = 0; a < attackers; a++) {
                    run.add(AbuseSchedule.abuseAt(a, attackers, turn));
                }
            }
            assertEquals(ALL, run, attackers + " attackers over " + turns + " turns");
        }
    }

    @Test
    void eachAttackerCyclesThroughTheWholeCatalogueInSixTurns() {
        for (int attackers : new int[] {1, 3, 20}) {
            for (int a = 0; a < attackers; a++) {
                Set<AbuseKind> own = EnumSet.noneOf(AbuseKind.class);
                for (int turn = 0; turn < 6; turn++) {
                    own.add(AbuseSchedule.abuseAt(a, attackers, turn));
                }
                assertEquals(ALL, own, "attacker " + a + " of " + attackers);
            }
        }
    }

    @Test
    void theAbusesHaveTheirOwnClassesAndLabels() {
        assertEquals(6, ALL.size());
        for (AbuseKind kind : ALL) {
            Abuse a = kind.create();
            assertEquals(a.getClass(), kind.create().getClass());
            assertEquals(false, kind.label().isEmpty());
        }
    }
}
