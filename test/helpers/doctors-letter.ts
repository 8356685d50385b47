import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A small real PDF in `dir`: the letter from the candidate's doctor; returns its path. */
export async function doctorsLetter(
  dir: string,
  text = 'Dr. Example, MD: the candidate needs a separate, quiet room.',
): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([612, 792]).drawText(text, { x: 50, y: 700, size: 12, font });
  const path = join(dir, 'doctors-letter.pdf');
  await writeFile(path, await doc.save());
  return path;
}
