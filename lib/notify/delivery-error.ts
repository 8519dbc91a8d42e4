/** A send that failed; `retryable` says whether trying again later can help (a 5xx, a timeout) or not (a 404, a refused recipient). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** What the other side answered, when it did. */
    readonly response: string | null = null,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}
