import type { Frame, Page } from 'playwright-core';

/** What Chromium rendered for a challenge cue: where its arrow points and sits, and whether the preview is mirrored. */
export interface RenderedCue {
  challenge: string;
  /** Where the arrow's tip is relative to the arrow's middle, as laid out on screen (SVG transforms included); 'none' without an arrow. */
  points: 'left' | 'right' | 'none';
  /** The side of its camera preview the cue sits on (its centre against the preview's centre; 'centre' within 10 %). */
  placed: 'left' | 'right' | 'centre';
  /** Whether the preview's video is drawn flipped left-right (its computed transform), or null without a video. */
  videoMirrored: boolean | null;
}

/**
 * Reads every challenge cue (`[data-testid=challenge-cue]`) on a page from its layout boxes: a test of what the
 * person sees, not of the attributes the code set.
 *
 * @example
 * ```ts
 * const [cue] = await readChallengeCues(page); // { challenge: 'turn_left', points: 'left', placed: 'left', videoMirrored: true }
 * ```
 */
export function readChallengeCues(page: Page | Frame): Promise<RenderedCue[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="challenge-cue"]')].map((cue) => {
      const mid = (r: DOMRect) => r.left + r.width / 2;
      const svg = cue.querySelector('svg')!.getBoundingClientRect();
      const tip = cue.querySelector('[data-testid="challenge-cue-tip"]');
      const points = tip ? (mid(tip.getBoundingClientRect()) < mid(svg) ? 'left' : 'right') : 'none';
      const box = cue.parentElement!.getBoundingClientRect();
      const offset = (mid(cue.getBoundingClientRect()) - mid(box)) / box.width;
      const placed = Math.abs(offset) < 0.1 ? 'centre' : offset < 0 ? 'left' : 'right';
      const video = cue.parentElement!.querySelector('video');
      const videoMirrored = video ? new DOMMatrixReadOnly(getComputedStyle(video).transform === 'none' ? undefined : getComputedStyle(video).transform).a < 0 : null;
      return { challenge: cue.dataset.challenge ?? '', points, placed, videoMirrored } as const;
    }),
  );
}
