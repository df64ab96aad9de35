import sys, fastexcel
reader = fastexcel.read_excel(sys.argv[1])
cells = 0
for name in reader.sheet_names:
    sheet = reader.load_sheet(name, header_row=None)
    cells += sheet.height * sheet.width
print(cells)
