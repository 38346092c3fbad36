package dev.switchboard.loadtest;

/** The figures of each second of a run, for the report's charts. */
final class Timeline {

    private Timeline() {
    }

    /**
     * @param second seconds since the start
     * @param tokensPerSecond tokens delivered in that second
     * @param latenessP50Ms median token lateness in that second
     * @param latenessP99Ms 99th percentile token lateness in that second
     * @param ttftP99Ms 99th percentile time to first token in that second
     */
    record Point(int second, int connected, long tokensPerSecond, double latenessP50Ms, double latenessP99Ms,
                 double ttftP99Ms, long errors) {
    }
}
