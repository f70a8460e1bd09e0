obj-y += arch/arm/lpae.o
