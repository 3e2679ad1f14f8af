package org.hindsight.insights;

/**
 * The action items of some incidents: {@code opened} all of them (whatever their status), {@code done} those done,
 * {@code doneByDueDate} those done on or before their due date in the viewer's zone (an item without a due date
 * counts as done by it), {@code overdue} those open or in progress whose due date is before today.
 */
record ItemCounts(long opened, long done, long doneByDueDate, long overdue) {

    static final ItemCounts NONE = new ItemCounts(0, 0, 0, 0);

    ItemCounts plus(ItemCounts other) {
        return new ItemCounts(opened + other.opened, done + other.done, doneByDueDate + other.doneByDueDate,
                overdue + other.overdue);
    }

    /** Done by the due date, in percent of the done items, rounded; null when none is done. */
    public Integer doneByDueDatePercent() {
        return percent(doneByDueDate, done);
    }

    /** Done, in percent of the items opened, rounded; null when none was opened. */
    public Integer completionPercent() {
        return percent(done, opened);
    }

    static Integer percent(long part, long whole) {
        return whole == 0 ? null : (int) Math.round(100.0 * part / whole);
    }
}
