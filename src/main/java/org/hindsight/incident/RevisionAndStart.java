package org.hindsight.incident;

import java.time.Instant;

/** An incident's revision and start, read together under its lock (a timeline post needs both). */
public record RevisionAndStart(long revision, Instant startedAt) {
}
