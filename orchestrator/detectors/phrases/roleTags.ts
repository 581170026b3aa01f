// Chat-template and transcript markers that try to open a new system or user turn inside data.
// Matched in the folded layout text (lower case, blanks collapsed, look-alikes mapped), which
// starts with a line break so that a marker at the very start counts as line-initial.
export interface RoleTag {
  readonly tag: string;
  readonly weight: number;
}

export const ROLE_TAGS: readonly RoleTag[] = [
  { tag: '<|im_start|>', weight: 0.8 },
  { tag: '<|im_end|>', weight: 0.6 },
  { tag: '<|system|>', weight: 0.8 },
  { tag: '<|user|>', weight: 0.5 },
  { tag: '<|assistant|>', weight: 0.5 },
  { tag: '<|endoftext|>', weight: 0.6 },
  { tag: '<|eot_id|>', weight: 0.6 },
  { tag: '<|start_header_id|>', weight: 0.8 },
  { tag: '[inst]', weight: 0.6 },
  { tag: '[/inst]', weight: 0.6 },
  { tag: '<<sys>>', weight: 0.8 },
  { tag: '<</sys>>', weight: 0.8 },
  { tag: '### system', weight: 0.7 },
  { tag: '###system', weight: 0.7 },
  { tag: '### instruction', weight: 0.6 },
  { tag: '### new instruction', weight: 0.7 },
  { tag: '### assistant', weight: 0.4 },
  { tag: '<system>', weight: 0.6 },
  { tag: '</system>', weight: 0.6 },
  { tag: '[system]', weight: 0.5 },
  { tag: '{{system', weight: 0.5 },
  { tag: '\nsystem:', weight: 0.3 },
  { tag: '\nsystem prompt:', weight: 0.6 },
  { tag: '\nassistant:', weight: 0.25 },
  { tag: '. system:', weight: 0.3 },
  { tag: '<user>', weight: 0.3 },
  { tag: '</user>', weight: 0.4 },
  { tag: '<!--', weight: 0.25 },
  { tag: '\n[assistant]', weight: 0.25 },
];
