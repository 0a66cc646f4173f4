package io.acrcmk.operator.sandbox;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $filter} of a role assignment list and ARM's scope rules: without {@code atScope()}
 * the list contains assignments at, above and below the scope, with it only at and above.
 *
 * @param principalId the principal from {@code principalId eq '...'} or {@code assignedTo('...')},
 *     or null for every principal
 * @param atScopeOnly whether {@code atScope()} was given
 */
record RoleAssignmentQuery(String principalId, boolean atScopeOnly) {

  private static final Pattern PRINCIPAL =
      Pattern.compile("principalId\\s+eq\\s+'([^']*)'", Pattern.CASE_INSENSITIVE);
  private static final Pattern ASSIGNED_TO =
      Pattern.compile("assignedTo\\('([^']*)'\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern AT_SCOPE =
      Pattern.compile("atScope\\(\\)", Pattern.CASE_INSENSITIVE);
  private static final String MANAGEMENT_GROUPS =
      "/providers/microsoft.management/managementgroups/";

  /**
   * Parses a filter; clauses are joined with {@code and}.
   *
   * @throws SimulatorException 400 for a clause ARM does not support
   */
  static RoleAssignmentQuery parse(String filter) {
    if (filter == null || filter.isBlank()) {
      return new RoleAssignmentQuery(null, false);
    }
    String principal = null;
    boolean atScope = false;
    for (String clause : filter.trim().split("(?i)\\s+and\\s+")) {
      Matcher principalMatch = PRINCIPAL.matcher(clause.trim());
      Matcher assignedMatch = ASSIGNED_TO.matcher(clause.trim());
      if (principalMatch.matches()) {
        principal = principalMatch.group(1);
      } else if (assignedMatch.matches()) {
        principal = assignedMatch.group(1);
      } else if (AT_SCOPE.matcher(clause.trim()).matches()) {
        atScope = true;
      } else {
        throw SimulatorException.badRequest(
            "UnsupportedQuery",
            "The filter clause '"
                + clause
                + "' is not supported. Supported clauses:"
                + " principalId eq '{id}', assignedTo('{id}'), atScope().");
      }
    }
    return new RoleAssignmentQuery(principal, atScope);
  }

  /** Returns whether an assignment with this principal and scope belongs in the list. */
  boolean includes(String assignmentPrincipal, String assignmentScope, String queryScope) {
    if (principalId != null && !principalId.equalsIgnoreCase(assignmentPrincipal)) {
      return false;
    }
    String assigned = normalize(assignmentScope);
    String queried = normalize(queryScope);
    if (assigned.equals(queried) || isAbove(assigned, queried)) {
      return true;
    }
    return !atScopeOnly && isAbove(queried, assigned);
  }

  /** Returns whether {@code outer} contains {@code inner}; management groups contain everything. */
  static boolean isAbove(String outer, String inner) {
    if (outer.equals("/")) {
      return !inner.equals("/");
    }
    if (outer.startsWith(MANAGEMENT_GROUPS)) {
      return !inner.startsWith(MANAGEMENT_GROUPS) && !inner.equals("/");
    }
    return inner.startsWith(outer + "/");
  }

  static String normalize(String scope) {
    String value = scope == null ? "/" : scope.trim().toLowerCase(Locale.ROOT);
    if (!value.startsWith("/")) {
      value = "/" + value;
    }
    while (value.length() > 1 && value.endsWith("/")) {
      value = value.substring(0, value.length() - 1);
    }
    return value;
  }
}
