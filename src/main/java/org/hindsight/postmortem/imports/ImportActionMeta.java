package org.hindsight.postmortem.imports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.action.ActionPriority;
import org.hindsight.action.ActionStatus;
import org.hindsight.action.ActionType;

/**
 * The owner, due date, type, priority and status of one action item, from Hindsight's
 * {@code *(owner @x, due 2024-06-14, process, high priority, won't do: reason)*}, a trailing
 * {@code (Owner: Maria, due May 31)}, or table cells. What it cannot read goes into the item's details.
 */
final class ImportActionMeta {

    private static final Pattern URL = Pattern.compile("(https?://[^\\s)<>\\]]+)");
    // compiled once: an import reads up to 1 MB of items
    private static final Pattern COMMA = Pattern.compile(",");
    private static final Pattern COMMA_OR_SEMICOLON = Pattern.compile("[,;]");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern OWNER = Pattern.compile("^(?:owner|assignee|assigned to|owned by)\\s*:?\\s*(.+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MENTION = Pattern.compile("^@(?:[\\w.\\-]|\\\\_)+$");
    private static final Pattern DUE = Pattern.compile(
            "^(?:due(?: date)?|due by|target(?: date)?|deadline|eta)\\s*:?\\s*(.+)$", Pattern.CASE_INSENSITIVE);
    /** A short name alone, three words at most: in "(compute, 2023-03-24, done)" the owner. */
    private static final Pattern NAME = Pattern.compile("^[\\p{L}][\\p{L}.\\-_]*(?:\\s+[\\p{L}.\\-_]+){0,2}$");
    private static final Pattern BY = Pattern.compile("^(?:by|before|until)\\s+(.+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRACKER_ID = Pattern.compile("^#?[A-Z][A-Z0-9]*-\\d+$|^#\\d+$");
    private static final Pattern PRIORITY = Pattern.compile("^(\\w+) priority$|^priority\\s*:?\\s*(\\w+)$|^(p[0-4])$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TYPE = Pattern.compile("^(?:type\\s*:?\\s*)?(\\w+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern STATUS_LABEL = Pattern.compile("^status\\s*:?\\s*");
    private static final Pattern PRIORITY_WORD = Pattern.compile("(?i)\\s*priority$");
    private static final Pattern NO_TRACKER = Pattern.compile("(?i)n/?a|none|-");
    private static final Pattern DONE = Pattern.compile(
            "(?:\\[x\\]|done|complete|completed|closed|fixed|resolved|finished|✅)");
    private static final Pattern IN_PROGRESS = Pattern.compile("(?:in progress|in-progress|started|ongoing|wip|doing)");
    private static final Pattern OPEN = Pattern.compile(
            "(?:open|todo|to do|to-do|not started|planned|pending|new|\\[ \\])");

    private final ImportContext context;
    String owner;
    LocalDate due;
    ActionType type;
    ActionPriority priority;
    ActionStatus status;
    String wontDoReason;
    String trackerUrl;
    private final List<String> unread = new ArrayList<>();

    ImportActionMeta(ImportContext context) {
        this.context = context;
    }

    void read(String meta, boolean export) {
        String text = meta;
        int wont = text.toLowerCase(Locale.ROOT).indexOf("won't do:");
        if (wont >= 0) {
            wontDoReason = NodeText.plain(text.substring(wont + "won't do:".length()));
            status = ActionStatus.WONT_DO;
            text = text.substring(0, wont);
        }
        List<String> parts = new ArrayList<>();
        for (String raw : (export ? COMMA : COMMA_OR_SEMICOLON).split(text)) {
            if (!parts.isEmpty() && YEAR.matcher(raw.strip()).matches()) {
                parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "," + raw); // "due Feb 29, 2024"
            } else {
                parts.add(raw);
            }
        }
        for (String raw : parts) {
            String part = raw.strip();
            String lower = part.toLowerCase(Locale.ROOT);
            if (part.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = OWNER.matcher(part)).find()) {
                owner = NodeText.plain(m.group(1)); // "@owner\_two" is the account owner_two
            } else if (URL.matcher(part).matches()) {
                tracker(part);
            } else if (MENTION.matcher(part).matches()) {
                owner = NodeText.plain(part);
            } else if ((m = DUE.matcher(part)).find()) {
                dueDate(m.group(1));
            } else if ((m = BY.matcher(part)).find() && ImportTimes.date(m.group(1), 2000) != null) {
                dueDate(m.group(1));
            } else if (ImportTimes.date(part, 2000) != null) {
                dueDate(part); // "(compute, 2023-03-24, done)"
            } else if ((m = PRIORITY.matcher(part)).find() && priorityOf(firstNonNull(m)) != null) {
                priority = priorityOf(firstNonNull(m));
            } else if ((m = TYPE.matcher(part)).find() && typeOf(m.group(1)) != null) {
                type = typeOf(m.group(1));
            } else if (statusOf(STATUS_LABEL.matcher(lower).replaceFirst("")) != null) {
                status = statusOf(STATUS_LABEL.matcher(lower).replaceFirst(""));
            } else {
                unread.add(part);
            }
        }
        if (owner == null && unread.size() == 1 && status != ActionStatus.WONT_DO && parts.size() > 1
                && NAME.matcher(unread.get(0)).matches() && !TRACKER_ID.matcher(unread.get(0)).matches()) {
            owner = unread.remove(0); // the one bare name among the item's dates and states
        }
        if (status == ActionStatus.WONT_DO && wontDoReason == null && !unread.isEmpty()) {
            wontDoReason = String.join(", ", unread); // "(status: won't do, too costly this quarter)"
            unread.clear();
        }
    }

    /** Whether a parenthesised group after an item's title speaks of its owner, due date, priority or state. */
    static boolean looksLikeMeta(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("owner") || t.contains("@") || t.contains("due") || t.contains("priority")
                || t.contains("assignee") || t.contains("assigned") || t.contains("status") || isMeta(text);
    }

    /**
     * Whether text after an item's title is all meta, part by part: an owner ({@code owner: Team X}, {@code @name}),
     * a due date ({@code due 2021-06-09}, {@code by June 30}), a state ({@code done}, {@code in progress}), a
     * priority, a type, a tracker id ({@code INFRA-301}) or link. One part that is none of them and it is not.
     */
    static boolean isMeta(String text) {
        String[] parts = COMMA_OR_SEMICOLON.split(text);
        boolean any = false;
        boolean names = false;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty() || i > 0 && YEAR.matcher(part).matches()) {
                continue; // "by June 30, 2021": the year after the comma
            }
            String lower = part.toLowerCase(Locale.ROOT);
            Matcher by = BY.matcher(part);
            boolean meta = OWNER.matcher(part).find() || MENTION.matcher(part).matches() || DUE.matcher(part).find()
                    || by.find() && ImportTimes.date(by.group(1), 2000) != null
                    || TRACKER_ID.matcher(part).matches() || URL.matcher(part).matches()
                    || statusOf(STATUS_LABEL.matcher(lower).replaceFirst("")) != null || isPriority(part);
            meta |= ImportTimes.date(part, 2000) != null;
            if (!meta && NAME.matcher(part).matches() && !names) {
                names = true; // one bare name: an owner, when the rest is meta
                continue;
            }
            if (!meta) {
                return false;
            }
            any = true;
        }
        return any;
    }

    void dueDate(String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        LocalDate date = context.dueDate(text);
        if (date == null) {
            unread.add("due " + text.strip());
            context.warn("import.warning.dueUnread", text.strip());
        } else {
            due = date;
        }
    }

    void status(String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        ActionStatus found = statusOf(NodeText.plain(text).toLowerCase(Locale.ROOT));
        if (found == null) {
            unread.add("status: " + text.strip());
        } else {
            status = found;
            if (found == ActionStatus.WONT_DO) {
                wontDoReason = NodeText.plain(text);
            }
        }
    }

    void type(String text) {
        if (text != null && !text.isBlank()) {
            ActionType found = typeOf(NodeText.plain(text));
            if (found == null) {
                unread.add("type: " + text.strip());
            }
            type = found;
        }
    }

    void priority(String text) {
        if (text != null && !text.isBlank()) {
            ActionPriority found = priorityOf(PRIORITY_WORD.matcher(NodeText.plain(text)).replaceFirst(""));
            if (found == null) {
                unread.add("priority: " + text.strip());
            }
            priority = found;
        }
    }

    void tracker(String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        Matcher m = URL.matcher(text);
        if (m.find() && trackerUrl == null) {
            trackerUrl = m.group(1);
        } else if (!NO_TRACKER.matcher(text.strip()).matches()) {
            unread.add(text.strip());
        }
    }

    /** The item's details with whatever the meta held that no field took. */
    String details(String details) {
        if (unread.isEmpty()) {
            return details;
        }
        String kept = "(" + String.join(", ", unread) + ")";
        return details == null ? kept : details + "\n\n" + kept;
    }

    /** "WIP", "P1", "done", "preventive": a state, priority or type word, not a name. */
    static boolean isStateOrKind(String word) {
        String w = word.strip();
        return statusOf(w.toLowerCase(Locale.ROOT)) != null || isPriority(w) || typeOf(w) != null
                || w.equalsIgnoreCase("wip") || w.equalsIgnoreCase("draft") || w.equalsIgnoreCase("blocked");
    }

    private static boolean isPriority(String part) {
        Matcher m = PRIORITY.matcher(part);
        return m.find() && priorityOf(firstNonNull(m)) != null;
    }

    private static String firstNonNull(Matcher m) {
        for (int i = 1; i <= m.groupCount(); i++) {
            if (m.group(i) != null) {
                return m.group(i);
            }
        }
        return "";
    }

    static ActionPriority priorityOf(String word) {
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "high", "critical", "urgent", "p0", "p1" -> ActionPriority.HIGH;
            case "medium", "normal", "moderate", "p2" -> ActionPriority.MEDIUM;
            case "low", "minor", "p3", "p4" -> ActionPriority.LOW;
            default -> null;
        };
    }

    static ActionType typeOf(String word) {
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "corrective", "mitigate", "mitigation", "repair", "fix" -> ActionType.CORRECTIVE;
            case "preventive", "preventative", "prevent", "prevention" -> ActionType.PREVENTIVE;
            case "detective", "detect", "detection", "monitoring" -> ActionType.DETECTIVE;
            case "process", "investigate", "documentation", "other" -> ActionType.PROCESS;
            default -> null;
        };
    }

    static ActionStatus statusOf(String text) {
        String t = text.strip().replace('’', '\'');
        if (DONE.matcher(t).matches()) {
            return ActionStatus.DONE;
        }
        if (IN_PROGRESS.matcher(t).matches()) {
            return ActionStatus.IN_PROGRESS;
        }
        if (OPEN.matcher(t).matches()) {
            return ActionStatus.OPEN;
        }
        if (t.startsWith("won't do") || t.startsWith("wont do") || t.startsWith("won't fix") || t.equals("wontfix")
                || t.startsWith("cancelled") || t.startsWith("canceled")) {
            return ActionStatus.WONT_DO;
        }
        return null;
    }
}
