package org.hindsight.postmortem.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hindsight.action.ActionCategory;
import org.hindsight.action.ActionStatus;
import org.hindsight.postmortem.imports.ImportSections.Section;
import org.hindsight.postmortem.imports.NodeText.Block;
import org.hindsight.postmortem.imports.ImportedPostmortem.Action;

import com.vladsch.flexmark.ast.ListBlock;
import com.vladsch.flexmark.ast.ListItem;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListItem;
import com.vladsch.flexmark.ext.tables.TableBlock;
import com.vladsch.flexmark.util.ast.Node;

/**
 * Reads action items: bullets, numbered lists, GFM task lists ({@code - [x]} is done), {@code -item} lines, or
 * a table with owner, due date, status, type and priority columns. Hindsight's export writes these in
 * {@code *(owner @name, due 2024-06-14, process, medium priority, in progress)*}; other documents in a
 * trailing {@code (owner: Name, due ...)}. Prose after the items is the closing summary (lessons).
 */
final class ImportActionReader {

    // Each pattern opens with (?<!\s): find() then tries a run of spaces once, from its start, where the leftmost
    // match begins anyway, instead of from each of its characters (quadratic in a long run of spaces).
    static final Pattern META = Pattern.compile("(?<!\\s)\\s*(?<!\\\\)\\*\\(([^\\n]*)\\)\\*\\s*$"); // not an escaped "\\*(" of the title
    private static final Pattern META_END = Pattern.compile("\\)\\*\\s*$");
    static final Pattern TRAILING = Pattern.compile("(?<!\\s)\\s*[(\\[]([^()\\[\\]\\n]*)[)\\]]\\s*$");
    static final Pattern LINK_AT_END = Pattern.compile(
            "(?<!\\s)\\s+[\u2014\u2013-]+\\s+<?(https?://[^\\s>]+)>?\\s*$");
    /** A mention of a person by name, as Notion writes it: {@code @Priya Natarajan}. */
    private static final Pattern PERSON = Pattern.compile("^\\p{Lu}[\\p{L}'\\-]+(?: \\p{Lu}[\\p{L}'\\-]+){1,2}$");
    private static final Pattern MENTION_AT_END = Pattern.compile("^(@[\\w.\\-]+)(?:\\s+(\\S.*))?$");
    static final Pattern OWNER_DASH = Pattern.compile("(?<!\\s)\\s+[\u2014\u2013-]+\\s+(@[\\w.\\-]+)\\s*$");
    private static final int MAX_META_PIECES = 8;
    private static final Pattern DANGLING_DASH = Pattern.compile("(?<!\\s)(?:\\s+[\u2014\u2013-])?\\s*+$");
    private static final Pattern WHOLE_LINK = Pattern.compile("^\\[([^\\]\\n]+)\\]\\((https?://[^)\\s]+)\\)$");
    private static final Pattern LEADING_OWNER = Pattern.compile("^\\[([^\\]\\[\\n]{2,40})\\][ \\t]+(?=\\S)");
    /** A ticket id before a title: {@code OPS-2318: ...}, or {@code OPS-2201 ...} when the list's items share the key. */
    private static final Pattern LEADING_TRACKER = Pattern.compile("^(([A-Z][A-Z0-9]{1,9})-\\d{1,7})(:?)\\s+(?=\\S)");
    private static final Pattern BOX = Pattern.compile("^\\[[ xX]\\]\\s+");
    private static final Pattern TICKED = Pattern.compile("(?s)^\\[[xX]\\]\\s.*");
    private static final Pattern HAS_DONE = Pattern.compile("(?is).*\\*\\*done\\*\\*.*");
    private static final Pattern DONE = Pattern.compile("(?i)\\*\\*done\\*\\*");

    private final ImportContext context;
    private final int index;
    private final Section section;
    private final ActionCategory category;
    final List<Action> actions = new ArrayList<>();
    final List<String> closing = new ArrayList<>();
    /** Prose before the items of a "Remediation" section: how the incident was fixed. */
    final List<String> fix = new ArrayList<>();
    private final boolean remediation;
    /** The ticket key the items of the list being read start with, or null. */
    private String trackerKey;

    private ImportActionReader(ImportContext context, int index, Section section) {
        this.context = context;
        this.index = index;
        this.section = section;
        this.remediation = section.heading() != null && NodeText.key(section.heading()).startsWith("remediation");
        this.category = section.kind() == ImportSectionKind.IMPROVEMENTS ? ActionCategory.IMPROVEMENT
                : ActionCategory.TASK;
    }

    static ImportActionReader read(ImportContext context, int index, Section section) {
        ImportActionReader reader = new ImportActionReader(context, index, section);
        section.blocks().forEach(reader::block);
        return reader;
    }

    private void block(Block block) {
        if (NodeText.isPlaceholder(block.text())) {
            return; // "_No tasks recorded._"
        }
        Node node = block.node();
        if (node instanceof ListBlock list) {
            trackerKey = trackerKey(list);
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                if (item instanceof ListItem listItem && listItem.getFirstChild() != null) {
                    ActionStatus status = item instanceof TaskListItem task && task.isItemDoneMarker()
                            ? ActionStatus.DONE : null;
                    item(NodeText.range(listItem.getFirstChild(), listItem.getLastChild()), status);
                }
            }
        } else if (node instanceof TableBlock table) {
            table(ImportTable.of(table), block);
        } else if (node == null || node instanceof Paragraph) {
            List<String> items = NodeText.dashItems(block.text());
            prose(items.get(0));
            items.subList(1, items.size()).forEach(item -> item(item, null));
        } else {
            prose(block.text());
        }
    }

    /** Prose before any item introduces the list (notes); after the items it is the closing summary. */
    private void prose(String text) {
        if (text.isBlank()) {
            return;
        }
        if (actions.isEmpty() && remediation && !text.strip().endsWith(":")) {
            fix.add(text); // "Remediation": what was done to fix it comes before what will be done
        } else if (actions.isEmpty()) {
            context.keep(index, section.headingSource(), text);
        } else {
            closing.add(text);
        }
    }

    private void item(String content, ActionStatus checked) {
        String markdown = BOX.matcher(content).replaceFirst("");
        if (checked == null && TICKED.matcher(content).matches()) {
            checked = ActionStatus.DONE;
        }
        int paragraphEnd = markdown.indexOf("\n\n");
        String first = paragraphEnd < 0 ? markdown : markdown.substring(0, paragraphEnd);
        String details = paragraphEnd < 0 ? null : markdown.substring(paragraphEnd).strip();
        ImportActionMeta meta = new ImportActionMeta(context);
        Matcher m = meta(first);
        if (m != null) {
            meta.read(m.group(1), true);
            first = first.substring(0, m.start());
        } else {
            first = leadingMeta(trailingMeta(first, meta), meta);
        }
        if (checked != null && meta.status == null) {
            meta.status = checked;
        }
        Matcher link = WHOLE_LINK.matcher(first.strip());
        if (link.matches()) { // "[Fix the cleanup job](https://tracker/123)": the link is the item's tracker
            meta.tracker(link.group(2));
            first = link.group(1);
        }
        add(NodeText.plain(NodeText.balancedEmphasisRemoved(first.strip())), details, meta);
    }

    /**
     * What an item says before its title: a team in brackets ({@code [Kinesis Front-End] Move ...}) is the owner, a
     * tracker id ({@code OPS-2201 Update ...}) is kept in the details. Not a link ({@code [text](url)}).
     */
    private String leadingMeta(String title, ImportActionMeta meta) {
        Matcher m = LEADING_OWNER.matcher(title);
        if (m.find() && meta.owner == null && !ImportActionMeta.isStateOrKind(m.group(1))) { // not "[WIP]", "[P1]"
            meta.owner = m.group(1).strip();
            return title.substring(m.end());
        }
        m = LEADING_TRACKER.matcher(title);
        if (m.find() && (!m.group(3).isEmpty() || m.group(2).equals(trackerKey))) { // not "SHA-256 checksums"
            meta.read(m.group(1), false);
            return title.substring(m.end());
        }
        return title;
    }

    /** The ticket key most items of a list start with ({@code OPS} of {@code OPS-2201 ...}), when two or more do. */
    private static String trackerKey(ListBlock list) {
        Map<String, Integer> keys = new HashMap<>();
        int items = 0;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            items++;
            if (!(item instanceof ListItem listItem) || listItem.getFirstChild() == null) {
                continue;
            }
            // the item's content as block() reads it, without a task box
            String content = NodeText.range(listItem.getFirstChild(), listItem.getLastChild());
            Matcher m = LEADING_TRACKER.matcher(BOX.matcher(content).replaceFirst(""));
            if (m.find()) {
                keys.merge(m.group(2), 1, Integer::sum);
            }
        }
        int all = items;
        return keys.entrySet().stream().filter(e -> e.getValue() >= 2 && e.getValue() * 2 >= all)
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /**
     * The item's title without the meta written after it, read piece by piece from the end: parenthesised groups
     * ({@code (@name, by June 30) (closed)}), dash-separated parts ({@code — owner: Team X — due 2021-06-09 — done}),
     * label sentences ({@code Owner: storage. Due: 2017-03-10.}) and a link after a dash. A piece that is not all
     * meta ends the reading: it belongs to the title.
     */
    private static String trailingMeta(String first, ImportActionMeta meta) {
        String title = first;
        for (int pieces = 0; pieces < MAX_META_PIECES; pieces++) { // bounded: each piece is a search of the line
            Matcher m;
            String piece;
            int cut;
            if ((m = TRAILING.matcher(title)).find() && ImportActionMeta.looksLikeMeta(m.group(1))) {
                piece = m.group(1);
                cut = m.start();
            } else if ((cut = lastDash(title)) >= 0 && ImportActionMeta.isMeta(title.substring(cut).strip()
                    .substring(1).strip())) {
                piece = title.substring(cut).strip().substring(1).strip();
            } else if ((cut = lastSentence(title)) >= 0 && ImportActionMeta.isMeta(sentence(title, cut))) {
                piece = sentence(title, cut);
            } else if ((m = OWNER_DASH.matcher(title)).find() || (m = LINK_AT_END.matcher(title)).find()) {
                piece = m.group(1);
                cut = m.start();
            } else if ((cut = title.lastIndexOf(" @")) >= 0 && ImportTimes.date(title.substring(cut + 2), 2000) != null) {
                piece = "due " + title.substring(cut + 2); // a date mention: "... @March 17, 2023"
            } else if (cut >= 0 && PERSON.matcher(title.substring(cut + 2)).matches()) {
                piece = "owner: " + title.substring(cut + 2); // a person mention: "... @Priya Natarajan"
            } else if (cut >= 0 && (m = MENTION_AT_END.matcher(title.substring(cut + 1))).matches()
                    && ImportActionMeta.isMeta(mentionParts(m))) {
                piece = mentionParts(m); // "... @dns-platform by Sep 15"
            } else {
                return title;
            }
            meta.read(piece, false);
            title = DANGLING_DASH.matcher(title.substring(0, cut)).replaceFirst(""); // "Add alerting - @bob by Dec 15"
        }
        return title;
    }

    private static String mentionParts(Matcher m) {
        return m.group(2) == null ? m.group(1) : m.group(1) + ", " + m.group(2);
    }

    /** Where the last " — ", " – " or " - " of the text starts, or -1. */
    private static int lastDash(String text) {
        int at = -1;
        for (String dash : new String[] {" \u2014 ", " \u2013 ", " - "}) {
            at = Math.max(at, text.lastIndexOf(dash));
        }
        return at;
    }

    /** Where the last sentence of a text of several starts ("... needs. Owner: x."), or -1. */
    private static int lastSentence(String text) {
        String body = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        int stop = body.lastIndexOf(". ");
        return stop < 0 ? -1 : stop + 2;
    }

    /** The sentence from {@code start} without its full stop. */
    private static String sentence(String text, int start) {
        String sentence = text.substring(start).strip();
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    /**
     * {@link #META} found in an item's first paragraph, or null. Its {@code *(} can only be on the line of the
     * closing {@code )*}, so the search starts there (with the spaces before that line, which the match takes):
     * from every {@code *(} of a long line to the end was quadratic.
     */
    static Matcher meta(String first) {
        Matcher end = META_END.matcher(first);
        if (!end.find()) {
            return null;
        }
        int from = first.lastIndexOf('\n', end.start() - 1) + 1;
        while (from > 0 && " \t\n\u000B\f\r".indexOf(first.charAt(from - 1)) >= 0) { // what \s is
            from--;
        }
        Matcher m = META.matcher(first).useTransparentBounds(true).region(from, first.length());
        return m.find() ? m : null;
    }

    private void table(ImportTable rows, Block block) {
        int title = rows.column("action item", "action", "item", "task", "title", "description", "what",
                "countermeasure", "remediation", "follow-up", "measure", "summary");
        if (title < 0) {
            context.keep(index, section.headingSource(), block.text());
            context.warn("import.warning.tableNotUnderstood", NodeText.name(String.valueOf(section.heading())));
            return;
        }
        int owner = rows.column("owner", "assignee", "assigned to", "who", "responsible");
        int due = rows.column("due date", "due", "deadline", "target date", "target", "eta", "by when");
        int status = rows.column("status", "state", "done");
        int type = rows.column("type", "kind");
        int priority = rows.column("priority", "prio");
        int tracker = rows.column("bug", "ticket", "issue", "tracker", "link", "jira");
        for (List<String> row : rows.body()) {
            ImportActionMeta meta = new ImportActionMeta(context);
            meta.owner = blankToNull(rows.cell(row, owner));
            meta.dueDate(rows.cell(row, due));
            meta.status(rows.cell(row, status));
            meta.type(rows.cell(row, type));
            meta.priority(rows.cell(row, priority));
            String bug = rows.cell(row, tracker);
            if (status < 0 && HAS_DONE.matcher(bug).matches()) {
                meta.status = ActionStatus.DONE; // "n/a **DONE**"
                bug = DONE.matcher(bug).replaceAll("").strip();
            }
            meta.tracker(bug);
            String others = rows.others(row, title, owner, due, status, type, priority, tracker).strip();
            add(NodeText.plain(rows.cell(row, title)), blankToNull(others), meta);
        }
    }

    private void add(String title, String details, ImportActionMeta meta) {
        if (title == null || title.isBlank()) {
            return;
        }
        String moreDetails = meta.details(details);
        String shorter = NodeText.shortened(title, 300);
        if (shorter != null) {
            moreDetails = moreDetails == null ? title : title + "\n\n" + moreDetails;
            title = shorter;
            context.warn("import.warning.actionTitleShortened", shorter);
        }
        actions.add(new Action(category, title, moreDetails, meta.owner == null ? null : meta.owner.strip(),
                meta.due, meta.type, meta.priority, meta.status == null ? ActionStatus.OPEN : meta.status,
                meta.wontDoReason, meta.trackerUrl));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
