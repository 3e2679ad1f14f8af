package org.hindsight.postmortem.imports;

import java.util.ArrayList;
import java.util.List;

import com.vladsch.flexmark.ext.tables.TableBlock;
import com.vladsch.flexmark.ext.tables.TableBody;
import com.vladsch.flexmark.ext.tables.TableCell;
import com.vladsch.flexmark.ext.tables.TableHead;
import com.vladsch.flexmark.ext.tables.TableRow;
import com.vladsch.flexmark.util.ast.Node;

/** A GFM table as header names and rows of cell source text, with columns found by their names. */
final class ImportTable {

    private final List<String> header;
    /** The header cells' names, read once: {@link #others} names them in every row. */
    private final List<String> names;
    private final List<List<String>> body;

    private ImportTable(List<String> header, List<List<String>> body) {
        this.header = header;
        this.names = header.stream().map(NodeText::name).toList();
        this.body = body;
    }

    static ImportTable of(TableBlock table) {
        List<String> header = new ArrayList<>();
        List<List<String>> body = new ArrayList<>();
        for (Node part = table.getFirstChild(); part != null; part = part.getNext()) {
            if (!(part instanceof TableHead) && !(part instanceof TableBody)) {
                continue; // the |---| separator
            }
            for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
                if (!(row instanceof TableRow)) {
                    continue;
                }
                List<String> cells = new ArrayList<>();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    if (cell instanceof TableCell tableCell) {
                        cells.add(tableCell.getText().toString().strip());
                    }
                }
                if (part instanceof TableHead) {
                    if (header.isEmpty()) {
                        header.addAll(cells);
                    }
                } else if (cells.stream().anyMatch(c -> !c.isEmpty())) {
                    body.add(cells);
                }
            }
        }
        return new ImportTable(header, body);
    }

    List<List<String>> body() {
        return body;
    }

    int width() {
        return header.size();
    }

    String header(int column) {
        return column < header.size() ? header.get(column) : "";
    }

    /** The first column whose name is one of {@code names}, else the first that contains one; -1 if none. */
    int column(String... names) {
        for (String name : names) {
            for (int i = 0; i < header.size(); i++) {
                if (NodeText.key(header.get(i)).equals(name)) {
                    return i;
                }
            }
        }
        for (String name : names) {
            for (int i = 0; i < header.size(); i++) {
                if (NodeText.key(header.get(i)).contains(name)) {
                    return i;
                }
            }
        }
        return -1;
    }

    String cell(List<String> row, int column) {
        return column >= 0 && column < row.size() ? row.get(column).replace("<br>", "\n").strip() : "";
    }

    /** The row's other non-empty cells as {@code " (Name: value)"}, so no column is lost. */
    String others(List<String> row, int... used) {
        StringBuilder out = new StringBuilder();
        outer:
        for (int i = 0; i < row.size(); i++) {
            for (int u : used) {
                if (u == i) {
                    continue outer;
                }
            }
            if (!row.get(i).isBlank()) {
                out.append(" (").append(i < names.size() ? names.get(i) : "")
                        .append(": ").append(row.get(i).strip())
                        .append(')');
            }
        }
        return out.toString();
    }
}
