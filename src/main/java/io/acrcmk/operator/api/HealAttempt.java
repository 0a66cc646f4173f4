package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One repair the operator made or tried in Azure. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HealAttempt {

  @JsonPropertyDescription("The repair.")
  private HealAction action;

  @JsonPropertyDescription("The reason of the False condition the repair addressed.")
  private String reason;

  @JsonPropertyDescription("When the repair was tried, in RFC 3339 format.")
  private String time;

  @JsonPropertyDescription(
      "Succeeded, Failed, or Unconfirmed when Azure accepted the change but"
          + " the check that followed still found the fault or could not tell.")
  private HealOutcome outcome;

  @JsonPropertyDescription("What was changed, or why the change failed.")
  private String message;

  @JsonPropertyDescription(
      "The x-ms-request-id Azure returned for the change, for support requests; absent when Azure"
          + " returned none.")
  private String requestId;

  @JsonPropertyDescription("The Azure error code of a failed change, such as AuthorizationFailed.")
  private String errorCode;

  public HealAction getAction() {
    return action;
  }

  public void setAction(HealAction action) {
    this.action = action;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public HealOutcome getOutcome() {
    return outcome;
  }

  public void setOutcome(HealOutcome outcome) {
    this.outcome = outcome;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getRequestId() {
    return requestId;
  }

  public void setRequestId(String requestId) {
    this.requestId = requestId;
  }

  public String getErrorCode() {
    return errorCode;
  }

  public void setErrorCode(String errorCode) {
    this.errorCode = errorCode;
  }
}
