package org.hindsight.timeline;

import org.hindsight.incident.SummaryTime;

/** A moment that shapes the incident's summary: tagging an event with it sets the matching summary time. */
public enum KeyMoment {
    START(SummaryTime.STARTED),
    IMPACT_DETECTED(SummaryTime.DETECTED),
    RESPONSE_STARTED(SummaryTime.RESPONDED),
    CAUSE_IDENTIFIED(SummaryTime.IDENTIFIED),
    MITIGATED(SummaryTime.MITIGATED),
    END(SummaryTime.RESOLVED);

    private final SummaryTime summaryTime;

    KeyMoment(SummaryTime summaryTime) {
        this.summaryTime = summaryTime;
    }

    public SummaryTime summaryTime() {
        return summaryTime;
    }

    public static KeyMoment of(SummaryTime time) {
        for (KeyMoment moment : values()) {
            if (moment.summaryTime == time) {
                return moment;
            }
        }
        throw new IllegalArgumentException(String.valueOf(time));
    }
}
