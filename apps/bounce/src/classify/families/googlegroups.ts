import type { Family } from './family';

/**
 * Google Groups: a post from someone who may not post, or to a group that does not exist, comes
 * back from the group's address at googlegroups.com (or with X-Google-Group-Id) in the sender's
 * own language, pointing to https://groups.google.com/support/: the sender was refused.
 */
export const googlegroups: Family = {
  name: 'googlegroups',
  matches: (report) =>
    report.headers.some(([n]) => n === 'x-google-group-id' || n === 'x-googlegroups-bounce') ||
    (/groups\.google\.com\/support/i.test(report.text) &&
      /googlegroups\.com|google(?:mail)?\.com/i.test(report.from ?? '')),
  refine: () => ({ reason: 'rejected' }),
};
