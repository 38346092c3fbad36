package dev.switchboard.loadtest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.switchboard.loadtest.attack.Attack;
import dev.switchboard.loadtest.attack.AttackSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The hostile scenario: does the server keep its well-behaved users on time while others abuse it?
 *
 * <p>The users are the steady scenario's (paced prompts, each reply checked byte for byte in seq order,
 * cross-talk and loss counted as ever). After the ramp come two measured phases of {@code --duration}
 * each, in one process: <b>calm</b>, the users alone; then <b>attack</b>, the same users while
 * {@code --attackers} connections from {@code --attacker-address} run the abuse catalogue
 * ({@link Attack}: bursts of two-million-token replies, hello floods, huge histories, unfinished big
 * frames, slow readers on one session, cancel and queue floods). The attack phase goes on through the
 * grace period, with the attackers, until the users' last replies are in; its tokens are counted over
 * its duration only. Each phase reports p50/p99/max token lateness, TTFT p50/p99, the worst stall (the
 * largest gap between two consecutive tokens of one reply, a reply still waiting at the end included),
 * tokens and errors; the attackers report per abuse what they sent and what came back. The server's heap
 * is read from {@code GET /metrics} once a second throughout.
 *
 * <p>Verdict (each failure is a line, and any makes the exit code 1): no cross-talk, loss or duplicate;
 * attack-phase p99 lateness at most {@code --max-lateness} and worst stall at most {@code --max-stall};
 * attack-phase TTFT p99 at most the calm phase's plus {@code --ttft-slack}; after the attack, a new
 * connection gets a {@code welcome} to a fresh session and a user's session can be resumed, each within
 * five seconds; and the attack phase's lowest heap over its last third is at most
 * {@code --max-heap-growth} above the calm phase's highest (not checked when the server does not expose
 * {@code jvm_memory_used_bytes}: "heap: not exposed").
 *
 * <p>Concurrency: {@link #execute} drives the run on the caller's thread, as {@link Run#execute} does,
 * and blocks until the end; the users, the attackers and the heap sampler each have threads of their own.
 */
final class HostileRun {

    private static final BooleanSupplier NEVER = () -> false;

    private final RunConfig config;
    private final HostileConfig hostile;

    HostileRun(RunConfig config, HostileConfig hostile) {
        if (config.scenario() != Scenario.HOSTILE) {
            throw new IllegalArgumentException("a hostile run needs --scenario hostile, got " + config.scenario());
        }
        this.config = config;
        this.hostile = hostile;
    }

    /** Runs both phases and the checks after; {@code progress} gets a line a second, naming the phase. */
    Result execute(Consumer<String> progress) throws InterruptedException {
        Run run = new Run(config);
        PhaseRecorder phases = new PhaseRecorder(run.stats(), config.users(), config.pacingMs());
        AttackSettings settings = new AttackSettings(config.url(), hostile.attackerAddress(), hostile.attackers(),
                config.io().handlers(), config.io().channel());
        try (HeapSampler heap = new HeapSampler(config.url()); Attack attack = new Attack(settings)) {
            ProgressPrinter printer = run.start(progress, from -> new ProgressPrinter(run, from, progress,
                    run.timeline()::add, phases, () -> phases.phase().label()));
            printer.runUntil(run.rampEnd(), NEVER);

            long calmFrom = System.nanoTime();
            printer.cut();
            phases.begin(Phase.CALM, calmFrom);
            printer.runUntil(calmFrom + config.duration().toNanos(), NEVER);

            long attackFrom = System.nanoTime();
            printer.cut();
            PhaseFigures calm = phases.end(attackFrom);
            phases.begin(Phase.ATTACK, attackFrom);
            attack.start();
            progress.accept("attack: " + hostile.attackers() + " attackers from " + hostile.attackerAddress().getHostAddress());
            printer.runUntil(attackFrom + config.duration().toNanos(), NEVER);
            phases.deadline(System.nanoTime());
            run.stopPrompting();
            run.awaitReplies(printer); // the attackers go on meanwhile
            long attackTo = System.nanoTime();
            run.users().forEach(u -> phases.openStall(u.openGapMicros(attackTo)));
            printer.cut();
            PhaseFigures underAttack = phases.end(attackTo);
            attack.stop();
            progress.accept("attack over; checking that the server is alive");

            run.finishUsers();
            Optional<SimUser.ResumePoint> resume = run.users().stream().map(SimUser::resumePoint)
                    .flatMap(Optional::stream).findFirst();
            Liveness.Outcome alive = Liveness.check(run.client(), resume, HostileConfig.PROBE_TIMEOUT);
            HeapSummary heapSummary = HeapSummary.of(heap.samples(), calmFrom, attackFrom, attackTo);
            Result result = run.result(config.duration().multipliedBy(2));

            List<String> failed = HostileVerdict.failures(hostile, calm, underAttack, alive, heapSummary);
            heapSummary.note().ifPresent(n -> progress.accept(n));
            return result.withChecks(sections(calm, underAttack, attack, alive, heapSummary), failed);
        }
    }

    private Map<String, JsonElement> sections(PhaseFigures calm, PhaseFigures underAttack, Attack attack,
                                              Liveness.Outcome alive, HeapSummary heap) {
        JsonObject limits = new JsonObject();
        limits.addProperty("attackers", hostile.attackers());
        limits.addProperty("attackerAddress", hostile.attackerAddress().getHostAddress());
        limits.addProperty("maxLatenessMs", hostile.maxLateness().toMillis());
        limits.addProperty("maxStallMs", hostile.maxStall().toMillis());
        limits.addProperty("ttftSlackMs", hostile.ttftSlack().toMillis());
        limits.addProperty("maxHeapGrowthMB", hostile.maxHeapGrowthBytes() / 1048576.0);
        JsonObject phases = new JsonObject();
        phases.add("calm", calm.toJson());
        phases.add("attack", underAttack.toJson());
        Map<String, JsonElement> sections = new LinkedHashMap<>();
        sections.put("hostile", limits);
        sections.put("phases", phases);
        sections.put("attackers", attack.toJson());
        sections.put("alive", alive.toJson());
        sections.put("heap", heap.toJson());
        return sections;
    }
}
