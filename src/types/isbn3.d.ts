// isbn3 ships no declaration for its check-digit helper; it takes the first 9 or 12
// characters of an ISBN and returns the check character, or null for other lengths.
declare module 'isbn3/lib/calculate_check_digit.js' {
  export default function calculateCheckDigit(isbnWithoutCheck: string): string | null;
}
