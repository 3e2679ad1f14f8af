import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Runs one query and prints each row tab-separated: how the harness counts rows on H2 once the app has closed
 * its file database (PostgreSQL could use psql, but one way for both keeps the counts comparable).
 *
 * <pre>java -cp classes:lib/* BenchQuery jdbc-url user "select count(*) from timeline_event"</pre>
 */
public final class BenchQuery {

    public static void main(String[] args) throws Exception {
        try (Connection db = DriverManager.getConnection(args[0], args[1], args.length > 3 ? args[3] : "");
                Statement s = db.createStatement(); ResultSet r = s.executeQuery(args[2])) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder line = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    line.append(c > 1 ? "\t" : "").append(r.getString(c));
                }
                System.out.println(line);
            }
        }
    }
}
