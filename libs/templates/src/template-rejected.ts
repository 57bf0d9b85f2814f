export interface TemplateProblem {
  readonly message: string;
  /** 1-based line in the submitted html or mjml, where known. */
  readonly line?: number;
}

/** A template that cannot be sent as given; `problems` lists every reason found, not only the first. */
export class TemplateRejected extends Error {
  constructor(readonly problems: readonly TemplateProblem[]) {
    super(
      `template refused: ${problems.map((p) => (p.line ? `line ${p.line}: ${p.message}` : p.message)).join('; ')}`,
    );
    this.name = 'TemplateRejected';
  }
}
