package org.hindsight.incident;

/** How bad an incident is; each level's one-line meaning is {@code severity.SEVn.help} in messages.properties. */
public enum Severity {
    SEV1, SEV2, SEV3, SEV4
}
