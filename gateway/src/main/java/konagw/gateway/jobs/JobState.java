package konagw.gateway.jobs;

/** Where a job is: waiting for its first chunk to start, running, or ended (one of the last three). */
public enum JobState {
    QUEUED, RUNNING, DONE, CANCELLED, FAILED;

    public boolean ended() {
        return this == DONE || this == CANCELLED || this == FAILED;
    }
}
