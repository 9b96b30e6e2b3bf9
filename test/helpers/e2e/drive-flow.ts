import { join } from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';

/** Where the flow is rendered: the page itself, or an iframe inside it. */
type Root = Page | FrameLocator;

const STEP_SELECTOR = '[data-testid^="step-"], [data-testid^="status-"]';

export interface DriveOptions {
  /** The document image to upload for the front side. */
  documentFront: string;
  /** A selfie file to upload when the camera is not available. */
  selfieFile?: string;
  /** Save a screenshot of every new step here (page only). */
  screenshotDir?: string;
  /** For screenshots and layout checks. */
  page?: Page;
  /** Called for every step reached (for assertions such as "no horizontal overflow"). */
  onStep?: (step: string) => Promise<void> | void;
  timeoutMs?: number;
}

/**
 * Walks the hosted verification flow like a user: consent, the liveness challenges (automatic with the fake camera),
 * the selfie (automatic capture, or an upload when the camera is unavailable), the document front by upload (a photo
 * the camera took by itself first is retaken) and, when asked for, "no back side", until the result page. Returns the steps seen in order.
 *
 * @example
 * ```ts
 * const steps = await driveFlow(page, { documentFront: join(FIXTURES, 'documents/images/fastmrz/passport_uk.jpg') });
 * ```
 */
export async function driveFlow(root: Root, opts: DriveOptions): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + (opts.timeoutMs ?? 240_000);
  let last = '';
  let shot = 0;
  // Whether the document photo under review is the uploaded file. The fake camera films a face, and the page takes a
  // document photo by itself once the picture is steady and sharp: a user would retake that one, and so does the driver.
  let documentUploaded = false;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`flow did not finish; steps: ${seen.join(' > ')}`);
    const el = root.locator(STEP_SELECTOR).first();
    await el.waitFor({ timeout: Math.max(1000, deadline - Date.now()) });
    const step = (await el.getAttribute('data-testid')) ?? '';
    const phase = (await el.getAttribute('data-phase')) ?? '';
    const key = `${step}:${phase}`;
    if (key !== last) {
      seen.push(step);
      last = key;
      await opts.onStep?.(step);
      if (opts.screenshotDir && opts.page) {
        await opts.page.waitForTimeout(400);
        await opts.page.screenshot({ path: join(opts.screenshotDir, `${String(++shot).padStart(2, '0')}-${step}.png`) });
      }
    }
    if (step === 'step-result' || step.startsWith('status-')) return seen;
    switch (step) {
      case 'step-consent':
        await root.getByTestId('consent-checkbox').check();
        await root.getByTestId('consent-start').click();
        break;
      case 'step-selfie':
        if ((await root.getByTestId('camera-problem').count()) > 0) {
          if (!opts.selfieFile) throw new Error('camera unavailable and no selfie file given');
          await uploadIfStillAt(root, key, 'selfie-file', opts.selfieFile);
        }
        break;
      case 'step-document-front':
        documentUploaded = await uploadIfStillAt(root, key, 'document-front-file', opts.documentFront);
        break;
      case 'step-document-back':
        await root.getByTestId('document-no-back').first().click();
        break;
      case 'step-document-front-review':
        await root.getByTestId(documentUploaded ? 'review-use' : 'review-retake').click();
        documentUploaded = false;
        break;
      case 'step-selfie-review':
      case 'step-document-back-review':
        await root.getByTestId('review-use').click();
        break;
      default:
        // liveness (automatic) and the busy panel: wait for the next step.
        break;
    }
    await waitForChange(root, key, Math.max(1000, deadline - Date.now()));
  }
}

/** The step and phase shown now (`''` when none). */
async function currentKey(root: Root): Promise<string> {
  const el = root.locator(STEP_SELECTOR).first();
  return (await el.count()) > 0 ? `${await el.getAttribute('data-testid').catch(() => '')}:${(await el.getAttribute('data-phase').catch(() => '')) ?? ''}` : '';
}

/**
 * Uploads a file through the step's file input, unless the page moved on first: the camera may take the photo by
 * itself (automatic capture) between reading the step and the upload. Then the loop handles the new step. True when
 * the file went in.
 */
async function uploadIfStillAt(root: Root, key: string, testId: string, file: string): Promise<boolean> {
  try {
    await root.getByTestId(testId).first().setInputFiles(file, { timeout: 10_000 });
    return true;
  } catch (e) {
    if ((await currentKey(root)) === key) throw e;
    return false;
  }
}

async function waitForChange(root: Root, key: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if ((await currentKey(root)) !== key) return;
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The frame of an iframe element, once loaded. */
export async function iframeFrame(page: Page, selector = 'iframe'): Promise<Frame> {
  const handle = await page.waitForSelector(selector);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('iframe has no frame');
  return frame;
}
