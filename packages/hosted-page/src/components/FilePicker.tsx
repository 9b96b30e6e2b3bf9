import { useRef, useState } from 'react';
import type { Translate } from '../i18n/i18n.js';
import { ImagePrepError, prepareImage } from '../upload/prepare-image.js';

/**
 * An upload button (a styled file input): the chosen image is re-encoded when it is too large or not JPEG/PNG/WebP,
 * then handed to `onImage`.
 *
 * @example
 * ```tsx
 * <FilePicker t={t} label="Upload a photo" maxBytes={8 << 20} onImage={setPhoto} />
 * ```
 */
export function FilePicker(props: {
  t: Translate;
  label: string;
  maxBytes: number;
  onImage: (image: Blob) => void;
  capture?: 'user' | 'environment';
  variant?: 'primary' | 'secondary' | 'link';
  testId?: string;
}) {
  const { t, label, maxBytes, onImage, capture, variant = 'secondary', testId } = props;
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  return (
    <div className="pv-filepicker">
      <label className={`pv-btn pv-btn-${variant}${working ? ' pv-btn-disabled' : ''}`}>
        {label}
        <input
          ref={input}
          className="pv-visually-hidden"
          type="file"
          accept="image/jpeg,image/png,image/webp,image/*"
          data-testid={testId}
          {...(capture ? { capture } : {})}
          onChange={async (e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (!file) return;
            setError(null);
            setWorking(true);
            try {
              onImage(await prepareImage(file, maxBytes));
            } catch (err) {
              setError(err instanceof ImagePrepError && err.kind === 'too-large' ? t('upload.tooLarge') : t('upload.unsupported'));
            } finally {
              setWorking(false);
            }
          }}
        />
      </label>
      {error && (
        <p className="pv-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
