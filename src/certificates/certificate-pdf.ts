import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import { civilDateParts, monthName } from '../domain/index';

export interface CertificateContent {
  name: string;
  /** The credential as the catalog names it, e.g. 'Certified Provider Credentialing Specialist'. */
  credentialTitle: string;
  program: string;
  certifiedOn: string;
  expiresOn: string;
  credentialId: string;
  verifyUrl: string;
}

/** '2027-12-31' → 'December 31, 2027'. */
export function longDate(date: string): string {
  const { year, month, day } = civilDateParts(date);
  return `${monthName(month)} ${day}, ${year}`;
}

/**
 * FAQ: "certificants will be able to download a PDF certificate they can print at their own convenience".
 * One landscape page; the same content gives the same bytes (dates fixed to the certification date).
 */
export async function renderCertificatePdf(c: CertificateContent): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const stamp = new Date(`${c.certifiedOn}T00:00:00Z`);
  doc.setTitle(`${c.program} certificate ${c.credentialId}`);
  doc.setSubject(`${c.credentialTitle} — ${c.name}`);
  doc.setProducer('certflow');
  doc.setCreator('certflow');
  doc.setCreationDate(stamp);
  doc.setModificationDate(stamp);
  const page = doc.addPage([792, 612]);
  const serif = await doc.embedFont(StandardFonts.TimesRoman);
  const serifBold = await doc.embedFont(StandardFonts.TimesRomanBold);
  const sans = await doc.embedFont(StandardFonts.Helvetica);
  const ink = rgb(0.11, 0.11, 0.11);
  const accent = rgb(0.11, 0.31, 0.57);

  page.drawRectangle({ x: 24, y: 24, width: 744, height: 564, borderColor: accent, borderWidth: 3 });
  page.drawRectangle({ x: 34, y: 34, width: 724, height: 544, borderColor: accent, borderWidth: 0.75 });
  const centered = (text: string, y: number, font: PDFFont, size: number, color = ink) => {
    const safe = encodable(font, text);
    const fitted = Math.min(size, (680 / Math.max(1, font.widthOfTextAtSize(safe, size))) * size);
    page.drawText(safe, { x: (792 - font.widthOfTextAtSize(safe, fitted)) / 2, y, size: fitted, font, color });
  };
  centered('Certification Commission', 530, sans, 14, accent);
  centered('Certificate of Certification', 480, serifBold, 34);
  centered('This certifies that', 430, serif, 16);
  centered(c.name, 385, serifBold, 30);
  centered('has met the requirements of the certification examination and holds the credential', 345, serif, 14);
  centered(`${c.credentialTitle} (${c.program})`, 310, serifBold, 20, accent);
  centered(`Certified on ${longDate(c.certifiedOn)}      Valid through ${longDate(c.expiresOn)}`, 255, serif, 14);
  centered(`Credential ID: ${c.credentialId}`, 200, sans, 12);
  centered(`Verify this certificate at ${c.verifyUrl}`, 178, sans, 11, accent);
  return doc.save({ useObjectStreams: false });
}

// Standard PDF fonts cover Latin-1 only: a name like "Łukasz" is printed as "Lukasz" rather than failing.
function encodable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return [...text]
    .map((ch) => {
      if (supported.has(ch.codePointAt(0)!)) return ch;
      const plain = ch.normalize('NFD').replace(/\p{M}/gu, '');
      const mapped =
        ({ Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ø: 'O', ø: 'o', ı: 'i' } as Record<string, string>)[ch] ?? plain;
      return [...mapped].every((m) => supported.has(m.codePointAt(0)!)) ? mapped : '?';
    })
    .join('');
}
