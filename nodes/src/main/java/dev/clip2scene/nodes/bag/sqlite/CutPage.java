package dev.clip2scene.nodes.bag.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The messages rows stored, in part, in the page a truncated file's end cuts through. sqlite reads the missing part
 * of that page as zeros without an error, so those rows must not be handed out as if they were whole. Found through
 * the dbstat table (the b-tree walked page by page, in key order): a leaf page's cells are rows in rowid order, and
 * an overflow page's path names the cell whose data it continues ("/003/00a+000002": cell 0x00a of leaf /003/).
 */
final class CutPage {
  private CutPage() {}

  /**
   * Rowids of the messages rows that use PAGE, or null when the walk failed before the page could be placed (the
   * walk reads the whole table, which a damaged file may not allow).
   */
  static Set<Long> rowsUsing(Connection db, long page) {
    List<Long> ranks = new ArrayList<>();
    try (PreparedStatement st = db.prepareStatement(
        "SELECT path, pageno, pagetype, ncell FROM dbstat WHERE name = 'messages'"); ResultSet rs = st.executeQuery()) {
      long cellsBefore = 0;
      long leafBase = 0;
      String leafPath = "";
      boolean found = false;
      while (rs.next() && !found) {
        String path = rs.getString(1);
        String type = rs.getString(3);
        if (type.equals("leaf")) {
          leafPath = path;
          leafBase = cellsBefore;
          cellsBefore += rs.getLong(4);
        }
        if (rs.getLong(2) != page) continue;
        found = true;
        if (type.equals("leaf")) {
          for (long r = leafBase; r < cellsBefore; r++) ranks.add(r);
        } else if (type.equals("overflow") && path.startsWith(leafPath) && path.indexOf('+') > 0) {
          String cell = path.substring(leafPath.length(), path.indexOf('+'));
          ranks.add(leafBase + Long.parseLong(cell, 16));
        }
      }
      if (!found) return Set.of(); // the page is not part of the messages table (an index, the freelist, ...)
    } catch (SQLException | RuntimeException e) {
      return null;
    }
    Set<Long> rows = new TreeSet<>();
    try (PreparedStatement st = db.prepareStatement("SELECT id FROM messages NOT INDEXED ORDER BY id LIMIT 1 OFFSET ?")) {
      for (long r : ranks) {
        st.setLong(1, r);
        try (ResultSet rs = st.executeQuery()) {
          if (rs.next()) rows.add(rs.getLong(1));
        }
      }
    } catch (SQLException e) {
      return null;
    }
    return rows;
  }
}
