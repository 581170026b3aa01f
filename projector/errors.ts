// One error family keyed on `retriable`: the consumer retries the batch or stops on that flag.

export class ProjectorError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Another writer moved the workflow on since we read it; rerunning the batch resolves it. */
export class WorkflowVersionConflict extends ProjectorError {
  constructor(
    readonly correlationId: string,
    readonly expectedVersion: number,
  ) {
    super(`workflow ${correlationId} is no longer at version ${expectedVersion}`, true);
  }
}
